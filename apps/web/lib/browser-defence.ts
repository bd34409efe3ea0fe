/**
 * The page headers that depend on the request (the nonce) or on how the app is served, kept apart from
 * proxy.ts so that they can be tested (docs/architecture.md, "Browser defence").
 */

export const CSP_REPORT_PATH = "/api/csp-reports";
export const CSP_REPORT_GROUP = "csp";

export interface PolicyOptions {
  /** Next's dev server needs eval (React's error stacks) and inline styles (CSS hot reload). */
  dev: boolean;
  /**
   * Served over https: browsers are also told to upgrade any http subresource and to remember https
   * (HSTS), and get the Reporting API endpoint, which Chromium ignores on an http page.
   */
  https: boolean;
}

/** The Content-Security-Policy value for one response, allowing only scripts that carry `nonce`. */
export function contentSecurityPolicy(nonce: string, { dev, https }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Tailwind's CSS is a file and Next writes no inline style in production; its dev server does.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    `report-uri ${CSP_REPORT_PATH}`,
    // A browser that knows report-to sends its reports there only, so it is named only where it works.
    ...(https ? ["upgrade-insecure-requests", `report-to ${CSP_REPORT_GROUP}`] : []),
  ];
  return directives.join("; ");
}

/** A fresh nonce from a cryptographic source, so that injected markup cannot guess it. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The pages that never show anything of a signed-in person (they send one to /todos instead). */
const PUBLIC_PAGES: ReadonlySet<string> = new Set(["/", "/sign-in", "/sign-up"]);

/**
 * A public page may be kept by the back/forward cache, but no HTTP cache may answer another request
 * with it (its nonce is this answer's); any other page shows a person's data and is never stored.
 */
export function cacheControlFor(pathname: string): string {
  return PUBLIC_PAGES.has(pathname) ? "private, no-cache" : "no-store";
}

/** The page headers other than the policy and `Cache-Control`, fixed for the life of the server. */
export function pageHeaders({ https }: Pick<PolicyOptions, "https">): Record<string, string> {
  return {
    ...(https
      ? {
          "Reporting-Endpoints": `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`,
          "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        }
      : {}),
  };
}

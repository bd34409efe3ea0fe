/**
 * The headers every HTML page carries (docs/architecture.md, "Browser defence"): a nonce-based
 * Content Security Policy and the headers that depend on how the app is served. proxy.ts builds them
 * per request; the headers that never change are in next.config.ts.
 */

export const CSP_REPORT_PATH = "/api/csp-reports";
export const CSP_REPORT_GROUP = "csp";

export interface PolicyOptions {
  /** Next's dev server needs eval (React's error stacks) and inline styles (CSS hot reload). */
  dev: boolean;
  /** Served over https: browsers are also told to upgrade any http subresource. */
  https: boolean;
}

/** The Content-Security-Policy value for one response, allowing only scripts that carry `nonce`. */
export function contentSecurityPolicy(nonce: string, { dev, https }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(https ? ["upgrade-insecure-requests"] : []),
    `report-uri ${CSP_REPORT_PATH}`,
    `report-to ${CSP_REPORT_GROUP}`,
  ];
  return directives.join("; ");
}

/** A fresh, unguessable nonce: 128 random bits in base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The page headers other than the policy, fixed for the life of the server. */
export function pageHeaders({ https }: Pick<PolicyOptions, "https">): Record<string, string> {
  return {
    "Reporting-Endpoints": `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`,
    "Cache-Control": "no-store",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

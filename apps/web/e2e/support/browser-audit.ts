import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type Response } from "@playwright/test";
import { contentSecurityPolicy } from "../../lib/browser-defence";

/** A `securitypolicyviolation` event, as the page recorded it. */
export interface RecordedViolation {
  effectiveDirective: string;
  blockedURI: string;
  disposition: string;
}

declare global {
  interface Window {
    __cspViolations: RecordedViolation[];
  }
}

/** Whether the page's background is dark: it is the scheme, not only the colours, that changes. */
export async function hasDarkBackground(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [red, green, blue] = context.getImageData(0, 0, 1, 1).data;
    return red + green + blue < 3 * 128;
  });
}

/**
 * Watches a page for what the browser defence must never cause (Content Security Policy violations,
 * as events or console messages) and audits each state of it with axe.
 */
export class BrowserAudit {
  readonly consoleViolations: string[] = [];

  private constructor(readonly page: Page) {}

  /** Starts watching before the page's first navigation. */
  static async watch(page: Page): Promise<BrowserAudit> {
    const audit = new BrowserAudit(page);
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        const { effectiveDirective, blockedURI, disposition } = event;
        window.__cspViolations.push({ effectiveDirective, blockedURI, disposition });
      });
    });
    page.on("console", (message) => {
      if (/Content[ -]Security[ -]Policy/i.test(message.text())) audit.consoleViolations.push(message.text());
    });
    return audit;
  }

  /** The violations the current document has seen. */
  violations(): Promise<RecordedViolation[]> {
    return this.page.evaluate(() => window.__cspViolations);
  }

  /** No violation so far, and no axe finding, whatever its impact, in the page as it stands. */
  async expectClean(state: string): Promise<void> {
    expect(await this.violations(), `CSP violations in ${state}`).toEqual([]);
    expect(this.consoleViolations, `CSP console messages in ${state}`).toEqual([]);
    const { violations } = await new AxeBuilder({ page: this.page }).analyze();
    expect(
      violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        targets: nodes.map((n) => n.target),
      })),
      `axe findings in ${state}`,
    ).toEqual([]);
  }
}

/** Pages without anything of a signed-in person, which the back/forward cache may keep (e2e/back-forward-cache.spec.ts). */
const PUBLIC_PAGES = ["/", "/sign-in", "/sign-up"];

/** The nonce of a page's policy, after checking that the policy and every other page header are there. */
export function expectPageHeaders(response: Pick<Response, "headers" | "url"> | null): string {
  expect(response, "the page's answer").not.toBeNull();
  const headers = response!.headers();
  const { pathname } = new URL(response!.url());
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic';/.exec(policy)?.[1];
  expect(nonce, `a nonce in ${policy}`).toBeTruthy();
  // The production policy over http, whose every directive tests/unit/browser-defence.test.ts pins.
  expect(policy).toBe(contentSecurityPolicy(nonce!, { dev: false, https: false }));
  // Revalidated every time (a nonce is never reused); any other page is kept out of the bfcache too.
  if (PUBLIC_PAGES.includes(pathname)) expect(headers["cache-control"], pathname).toBe("private, no-cache");
  else expect(headers["cache-control"], pathname).toContain("no-store");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["cross-origin-resource-policy"]).toBe("same-origin");
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"])
    expect(headers["permissions-policy"]).toContain(`${feature}=()`);
  // Passkeys: WebAuthn on the app's own pages only.
  for (const feature of ["publickey-credentials-create", "publickey-credentials-get"])
    expect(headers["permissions-policy"]).toContain(`${feature}=(self)`);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  // The test servers are served over http, where HSTS and the Reporting API have no place.
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect(headers["reporting-endpoints"]).toBeUndefined();
  expect(policy).not.toContain("report-to");
  return nonce!;
}

import type { BrowserContext, Request, Response } from "@playwright/test";

/** Three base64url parts whose first two are JSON objects: any JWT, signed or not. */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/**
 * Looks for a JWT in everything a browser context sends and receives (headers and bodies of every
 * request and response, of every page in the context), then in its cookies and web storage. The
 * architecture's promise is that none ever gets there: the BFF keeps the tokens it mints.
 */
export class JwtLeakDetector {
  readonly findings: string[] = [];
  /** How many responses were read, so that a test can tell "nothing found" from "nothing seen". */
  responsesScanned = 0;
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly context: BrowserContext) {
    context.on("request", (request) => this.pending.push(this.scanRequest(request)));
    context.on("response", (response) => this.pending.push(this.scanResponse(response)));
  }

  private check(where: string, text: string | null | undefined): void {
    const match = text ? JWT_PATTERN.exec(text) : null;
    // Only the start of the token goes into the report.
    if (match) this.findings.push(`${where}: ${match[0].slice(0, 24)}…`);
  }

  private async scanRequest(request: Request): Promise<void> {
    const where = `request ${request.method()} ${request.url()}`;
    this.check(`${where} (URL)`, request.url());
    for (const { name, value } of await request.headersArray().catch(() => []))
      this.check(`${where} header ${name}`, value);
    this.check(`${where} body`, request.postData());
  }

  private async scanResponse(response: Response): Promise<void> {
    const where = `response ${response.status()} ${response.request().method()} ${response.url()}`;
    for (const { name, value } of await response.headersArray()) this.check(`${where} header ${name}`, value);
    try {
      this.check(`${where} body`, (await response.body()).toString("latin1"));
      this.responsesScanned += 1;
    } catch {
      // Redirects, and responses of a page that navigated away meanwhile, have no body to read.
    }
  }

  /** Waits for every scan started so far, then checks cookies and each open page's storage. */
  async finish(): Promise<void> {
    await Promise.all(this.pending);
    for (const cookie of await this.context.cookies()) this.check(`cookie ${cookie.name}`, cookie.value);
    for (const page of this.context.pages()) {
      const storage = await page.evaluate(() => ({
        local: Object.entries(localStorage),
        session: Object.entries(sessionStorage),
      }));
      for (const [key, value] of storage.local)
        this.check(`localStorage ${key} on ${page.url()}`, `${key}=${value}`);
      for (const [key, value] of storage.session)
        this.check(`sessionStorage ${key} on ${page.url()}`, `${key}=${value}`);
    }
  }
}

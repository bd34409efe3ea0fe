import { spawn } from "node:child_process";

import { expect, test } from "./fixtures";
import { freePort, REPO_ROOT, UV, webEnvironment } from "./support/run";

/**
 * `make dev`'s mail: the web app sends it over SMTP to dev_infra.dev_mail, which prints it for the
 * developer. Here both run as processes of their own, the web app (production build) pointed at the
 * printer as `make dev` points the development server, and the printed link is followed as copied.
 */
test.describe("Mail in development", () => {
  test("each mail is printed readably, its link on a line of its own that works as copied", async ({
    page,
    run,
    servers,
    registeredUser,
  }) => {
    test.setTimeout(120_000);
    const [smtpPort, webPort] = await Promise.all([freePort(), freePort()]);
    const [command, ...args] = UV.split(" ");
    const printer = spawn(
      command!,
      [...args, "run", "python", "-m", "dev_infra.dev_mail", String(smtpPort)],
      {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let printed = "";
    printer.stdout.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
    });
    try {
      const origin = `http://127.0.0.1:${webPort}`;
      await servers.web({
        ...webEnvironment({ origin, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      });
      const asked = await fetch(`${origin}/api/auth/request-password-reset`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: registeredUser.email, redirectTo: "/reset-password" }),
      });
      expect(asked.status, await asked.text()).toBe(200);

      await expect.poll(() => printed, { timeout: 20_000 }).toContain("Subject: Reset your Todo password");
      const lines = printed.split("\n");
      expect(lines).toContain(`mail to ${registeredUser.email}`);
      const links = lines.filter((line) => line.includes("://"));
      expect(links, printed).toHaveLength(1);
      // The whole line is the link: nothing before it, no escape or carriage return after it.
      expect(links[0], printed).toMatch(new RegExp(`^${origin}/\\S+$`));
      await page.goto(links[0]!);
      await expect(page).toHaveURL(/\/reset-password\?token=/);
      await expect(page.getByLabel("New password", { exact: true })).toBeVisible();
    } finally {
      process.kill(-printer.pid!, "SIGTERM");
    }
  });
});

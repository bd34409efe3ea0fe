import { expect, test } from "./fixtures";
import { fetchFromPage, newCredentials, signUpThroughApi } from "./support/accounts";
import { linkIn, mailsTo, mailTo } from "./support/mail";
import { freePort, webEnvironment } from "./support/run";
import { enableTwoFactorThroughApi } from "./support/two-factor";

/** The run's servers leave REQUIRE_EMAIL_VERIFICATION off: these tests start a web server with it on. */
const testRequiringVerification = test.extend<{ verifyingWebUrl: string }>({
  verifyingWebUrl: [
    async ({ servers, run }, use) => {
      const smtpUrl = process.env.SMTP_URL;
      if (!smtpUrl)
        throw new Error("SMTP_URL is not set: the smtp entry of playwright.config.ts did not start");
      const origin = `http://127.0.0.1:${await freePort()}`;
      await servers.web({
        ...webEnvironment({ origin, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
        SMTP_URL: smtpUrl,
        REQUIRE_EMAIL_VERIFICATION: "on",
      });
      await use(origin);
    },
    // Starting a web server takes a few seconds, more on a busy machine.
    { timeout: 60_000 },
  ],
  baseURL: async ({ verifyingWebUrl }, use) => use(verifyingWebUrl),
});

testRequiringVerification.describe("Email verification (REQUIRE_EMAIL_VERIFICATION=on)", () => {
  testRequiringVerification(
    "a new account signs in only after following the mailed link, which can be sent again",
    async ({ page, credentials, signUpPage, signInPage, todosPage }) => {
      await signUpPage.goto();
      await signUpPage.fill(credentials);
      await signUpPage.submitButton.click();
      await expect(page.getByRole("status")).toHaveText(
        `Check your email: we sent a link to ${credentials.email}. Follow it to finish creating your account.`,
      );
      const signUpMail = await mailTo(credentials.email);
      expect(signUpMail.subject).toBe("Confirm your email address for Todo");

      // No session yet.
      await page.goto("/todos");
      await expect(page).toHaveURL(/\/sign-in/);

      await signInPage.signIn(credentials);
      await expect(page.getByRole("alert").filter({ hasText: "not confirmed" })).toHaveText(
        "Your email address is not confirmed yet: follow the link we mailed to it, then sign in.",
      );
      await page.getByRole("button", { name: "Send the link again" }).click();
      await expect(page.getByRole("status")).toHaveText(
        `We sent a new link to ${credentials.email}. Follow it to sign in.`,
      );
      const [, resent] = await mailsTo(credentials.email, 2);
      const link = linkIn(resent);

      // A link whose token was tampered with confirms nothing and says so.
      await page.goto(link.replace(/token=[^&]+/, "token=not-a-token"));
      await expect(page.getByRole("alert").filter({ hasText: "expired" })).toHaveText(
        "This confirmation link has expired or was already used. Sign in to ask for a new one.",
      );

      // The link confirms the address and signs nobody in: the password still does.
      await page.goto(link);
      await expect(page).toHaveURL(/\/sign-in\?reason=email-verified$/);
      await expect(page.getByText("Your email address is confirmed. Sign in to continue.")).toBeVisible();
      await signInPage.signIn(credentials);
      await expect(page).toHaveURL(/\/todos$/);
      await todosPage.expectLoaded();
      // Loaded through the BFF and the API: the new session's token is accepted.
      await expect(todosPage.emptyState).toBeVisible();
    },
  );

  testRequiringVerification(
    "signing up with a taken address answers as for a free one, and the owner is told by mail",
    async ({ page, credentials, signUpPage }) => {
      const checkYourMail = `Check your email: we sent a link to ${credentials.email}. Follow it to finish creating your account.`;
      await signUpPage.goto();
      await signUpPage.fill(credentials);
      await signUpPage.submitButton.click();
      await expect(page.getByRole("status")).toHaveText(checkYourMail);
      await mailTo(credentials.email);

      await signUpPage.goto();
      await signUpPage.fill({ ...credentials, name: "Someone else", password: "another-password-1" });
      await signUpPage.submitButton.click();
      await expect(page.getByRole("status")).toHaveText(checkYourMail);
      const [, told] = await mailsTo(credentials.email, 2);
      expect(told.subject).toBe("You already have a Todo account");
      expect(told.text).not.toMatch(/https?:\/\//);
    },
  );
});

test("requests to send the link again are rate limited per client address", async ({ page, run }) => {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const response = await page.request.post(`${run.rateLimitedWebUrl}/api/auth/send-verification-email`, {
      data: { email: newCredentials("limited").email, callbackURL: "/sign-in?reason=email-verified" },
      headers: { Origin: run.rateLimitedWebUrl },
    });
    statuses.push(response.status());
  }
  expect(statuses).toEqual([200, 200, 200, 429]);
});

test("a confirmation link anyone asked for signs nobody in, past neither the password nor the second factor", async ({
  browser,
  baseURL,
  credentials,
}) => {
  const owner = await browser.newContext();
  await signUpThroughApi(owner.request, baseURL!, credentials);
  await enableTwoFactorThroughApi(owner.request, baseURL!, credentials);

  // Someone who can read the mailbox, with no session, asks for a link and follows it.
  const stranger = await browser.newContext();
  const asked = await stranger.request.post(`${baseURL}/api/auth/send-verification-email`, {
    data: { email: credentials.email, callbackURL: "/todos" },
    headers: { Origin: baseURL! },
  });
  expect(asked.status()).toBe(200);
  const page = await stranger.newPage();
  // Beside the mail that told of two-factor being set up.
  const confirmation = (await mailsTo(credentials.email, 2)).find(
    ({ subject }) => !subject.startsWith("Two-factor"),
  );
  await page.goto(linkIn(confirmation!));
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await fetchFromPage(page, "/api/todos")).status).toBe(401);
  expect((await stranger.cookies()).map(({ name }) => name)).not.toContain("better-auth.session_token");
  await owner.close();
  await stranger.close();
});

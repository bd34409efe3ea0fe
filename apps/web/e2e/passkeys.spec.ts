import type { CDPSession, Locator, Page } from "@playwright/test";
import pg from "pg";

import { test as base, expect } from "./fixtures";
import { type Credentials, fetchFromPage } from "./support/accounts";
import { AppHeader, SignInPage } from "./support/pages";
import { freePort, webEnvironment } from "./support/run";
import { OwnServers } from "./support/servers";

/**
 * Passkeys, with Chromium's virtual authenticator (DevTools protocol) standing in for the device. WebAuthn
 * refuses an IP address as relying party, so these tests use a web server of their own at
 * http://localhost:<port> (browsers allow WebAuthn over http there only), on the run's database and API.
 */

const test = base.extend<{ db: pg.Client }, { localhostOrigin: string }>({
  localhostOrigin: [
    async ({ run }, use, workerInfo) => {
      const servers = new OwnServers(workerInfo.project.outputDir);
      const port = await freePort();
      const origin = `http://localhost:${port}`;
      // Another server of the same app, as the rate-limited one is: the API expects the run's issuer.
      await servers.web(
        webEnvironment({
          origin,
          apiUrl: run.apiUrl,
          jwtSecret: run.jwtSecret,
          issuer: run.webUrl,
          listenOn: `http://127.0.0.1:${port}`,
        }),
      );
      await use(origin);
      await servers.stopAll();
    },
    { scope: "worker", timeout: 90_000 },
  ],
  baseURL: async ({ localhostOrigin }, use) => use(localhostOrigin),
  db: async ({ run }, use) => {
    const client = new pg.Client({ connectionString: run.databaseUrl });
    await client.connect();
    await use(client);
    await client.end();
  },
});

/** A device's authenticator, which checks who holds it (PIN or biometrics) whenever it is asked to. */
class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly id: string,
  ) {}

  static async attachTo(page: Page): Promise<VirtualAuthenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  async credentials() {
    return (await this.cdp.send("WebAuthn.getCredentials", { authenticatorId: this.id })).credentials;
  }
}

/** The account page's Passkeys section. */
class PasskeysSection {
  readonly section: Locator;
  readonly items: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "Passkeys" });
    this.items = this.section.getByTestId("passkey-item");
  }

  async goto(): Promise<void> {
    await this.page.goto("/account");
    await expect(this.section.getByText("Loading passkeys…")).toHaveCount(0);
  }

  item(name: string): Locator {
    return this.items.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  status(text: string): Locator {
    return this.section.getByRole("status").filter({ hasText: text });
  }

  alert(): Locator {
    return this.section.getByRole("alert").filter({ hasText: /\S/ });
  }

  async add(name: string, password: string): Promise<void> {
    await this.fillNew(name, password);
    await this.section.getByRole("button", { name: "Add a passkey" }).click();
    await expect(this.status(`Added the passkey “${name}”.`)).toBeVisible();
  }

  async fillNew(name: string, password: string): Promise<void> {
    await this.section.getByLabel("Name of the new passkey").fill(name);
    await this.section.getByLabel("Current password", { exact: true }).fill(password);
  }

  async remove(name: string): Promise<void> {
    await this.item(name).getByRole("button", { name: "Remove" }).click();
    await this.item(name).getByRole("button", { name: "Remove passkey" }).click();
    await expect(this.status(`Removed the passkey “${name}”.`)).toBeVisible();
  }
}

function passkeyButton(page: Page): Locator {
  return page.getByRole("button", { name: "Sign in with a passkey" });
}

/** The sign-in page's message (Next's route announcer is an empty `alert` too). */
function signInAlert(page: Page): Locator {
  return page.getByRole("alert").filter({ hasText: /\S/ });
}

/**
 * As in a browser without passkey autofill: Chromium's virtual authenticator answers an autofill
 * request at once, which would sign in before the button is used.
 */
async function withoutAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
}

/**
 * The signed-in user adds a passkey named `name` on the account page, then signs out: the page is the
 * sign-in page, where the passkey is used by the button only (`autofill` left off) or by autofill too.
 */
async function addPasskeyThenSignOut(
  page: Page,
  name: string,
  { password }: Pick<Credentials, "password">,
  { autofill = false } = {},
) {
  const authenticator = await VirtualAuthenticator.attachTo(page);
  if (!autofill) await withoutAutofill(page);
  const passkeys = new PasskeysSection(page);
  await passkeys.goto();
  await passkeys.add(name, password);
  await new AppHeader(page).signOut();
  return authenticator;
}

test.describe("Passkeys", () => {
  test("a passkey is added with a name, renamed, signs in from the sign-in page's button into an ordinary session, and is removed", async ({
    page,
    signedInUser,
  }) => {
    const authenticator = await VirtualAuthenticator.attachTo(page);
    await withoutAutofill(page);
    const passkeys = new PasskeysSection(page);
    await passkeys.goto();
    await expect(passkeys.section.getByText("You have no passkeys yet.")).toBeVisible();

    await passkeys.add("Work laptop", signedInUser.password);
    await expect(passkeys.items).toHaveCount(1);
    await expect(passkeys.item("Work laptop")).toContainText(/Added .+ · Not used to sign in yet/);
    // A discoverable credential for this app's host, whose account name is the email, not the label.
    const [credential] = await authenticator.credentials();
    expect(credential).toMatchObject({ rpId: "localhost", isResidentCredential: true });
    expect(credential!.userName).toBe(signedInUser.email);

    await passkeys.item("Work laptop").getByRole("button", { name: "Rename" }).click();
    await passkeys.item("Work laptop").getByLabel("New name").fill("Home laptop");
    await passkeys.item("Work laptop").getByRole("button", { name: "Save name" }).click();
    await expect(passkeys.status("Renamed the passkey “Work laptop” to “Home laptop”.")).toBeVisible();
    await expect(passkeys.item("Home laptop")).toHaveCount(1);

    // The name is a label: the server refuses a long one with words (the field stops typing at 64).
    const listedPasskeys = await fetchFromPage(page, "/api/auth/passkey/list-user-passkeys");
    const [{ id }] = listedPasskeys.body as { id: string }[];
    const tooLong = await fetchFromPage(page, "/api/auth/passkey/update-passkey", {
      method: "POST",
      body: { id, name: "x".repeat(65) },
    });
    expect(tooLong).toMatchObject({
      status: 400,
      body: { code: "PASSKEY_NAME_TOO_LONG", message: "Use at most 64 characters for the passkey's name." },
    });

    await new AppHeader(page).signOut();
    // Read on its way: the page then loads /todos as a new document, and the browser forgets the answer.
    let verified: Promise<{ user: { email: string }; session: object }> | undefined;
    await page.route("**/api/auth/passkey/verify-authentication", async (route) => {
      const response = await route.fetch();
      verified = response.json();
      await route.fulfill({ response });
    });
    await passkeyButton(page).click();
    await expect.poll(() => verified).toBeDefined();
    // The session's token stays in its HttpOnly cookie, as after a sign-in with the password.
    const verifiedBody = await verified!;
    expect(verifiedBody.user.email).toBe(signedInUser.email);
    expect(verifiedBody.session).not.toHaveProperty("token");
    await expect(page).toHaveURL(/\/todos$/);
    // An ordinary Better Auth session: the BFF mints its token and the API answers.
    const created = await fetchFromPage(page, "/api/todos", {
      method: "POST",
      body: { title: "By passkey" },
    });
    expect(created.status).toBe(201);
    const listed = await fetchFromPage(page, "/api/todos");
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain("By passkey");

    await passkeys.goto();
    await expect(passkeys.item("Home laptop")).toContainText(/Last used /);
    await passkeys.item("Home laptop").getByRole("button", { name: "Remove" }).click();
    await expect(passkeys.item("Home laptop")).toContainText(
      "It is your only passkey: afterwards you sign in with your email and password.",
    );
    await passkeys.item("Home laptop").getByRole("button", { name: "Cancel" }).click();
    await expect(passkeys.items).toHaveCount(1);
    await passkeys.remove("Home laptop");
    await expect(passkeys.section.getByText("You have no passkeys yet.")).toBeVisible();
  });

  test("the browser's autofill offers the passkey under the email field and signs in with it", async ({
    page,
    signedInUser: user,
  }) => {
    const authenticator = await addPasskeyThenSignOut(page, "Phone", user, { autofill: true });

    await expect(page.getByLabel("Email", { exact: true })).toHaveAttribute(
      "autocomplete",
      "username webauthn",
    );
    expect(await authenticator.credentials()).toHaveLength(1);
    // Chromium's virtual authenticator answers the autofill request with its passkey, as a person
    // picking it from the list would; nobody clicks the button.
    await expect(page).toHaveURL(/\/todos$/);
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(200);
  });

  test("with no passkey on the device (or the request cancelled) the sign-in page says so, and the password still works", async ({
    page,
    registeredUser,
  }) => {
    await VirtualAuthenticator.attachTo(page);
    await withoutAutofill(page);
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    await passkeyButton(page).click();
    await expect(signInAlert(page)).toContainText("No passkey was used");
    await expect(page).toHaveURL(/\/sign-in(\?|$)/);

    await signInPage.signIn(registeredUser);
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("a passkey removed on another device is refused with words that say so", async ({
    page,
    signedInUser,
    openDevice,
  }) => {
    const authenticator = await addPasskeyThenSignOut(page, "Old phone", signedInUser);
    const otherDevice = new PasskeysSection(await openDevice(signedInUser));
    await otherDevice.goto();
    await otherDevice.remove("Old phone");

    expect(await authenticator.credentials(), "the device still holds it").toHaveLength(1);
    await passkeyButton(page).click();
    await expect(signInAlert(page)).toHaveText(
      "This passkey is no longer linked to an account here: it was removed. Sign in with your email and password, then add a new passkey from your account page.",
    );
    await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  });

  test("a passkey used without the device checking who holds it (no PIN, fingerprint or face) does not sign in", async ({
    page,
    signedInUser: user,
  }) => {
    await addPasskeyThenSignOut(page, "Security key", user);

    // A page that asks the device not to check its user (the server's options ask it to, "preferred").
    await page.route("**/api/auth/passkey/generate-authenticate-options", async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        json: { ...(await response.json()), userVerification: "discouraged" },
      });
    });
    await passkeyButton(page).click();
    await expect(signInAlert(page)).toHaveText(
      "Your device did not confirm it was you (PIN, fingerprint or face). Try again and unlock it when asked.",
    );
    await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  });

  test("a passkey request whose challenge has expired is refused, and a new attempt succeeds", async ({
    page,
    context,
    db,
    signedInUser: user,
  }) => {
    await addPasskeyThenSignOut(page, "Laptop", user);

    // The plugin keeps each challenge for 5 minutes, in a verification row named by the signed
    // cookie's value: the row is aged just before the browser's answer reaches the server.
    let aged = 0;
    await page.route("**/api/auth/passkey/verify-authentication", async (route) => {
      if (aged === 0) {
        const cookie = (await context.cookies()).find(
          ({ name }) => name === "better-auth.better-auth-passkey",
        );
        const identifier = decodeURIComponent(cookie!.value).split(".")[0];
        const { rowCount } = await db.query(
          `UPDATE "verification" SET "expiresAt" = now() - interval '1 second' WHERE identifier = $1`,
          [identifier],
        );
        aged = rowCount ?? 0;
      }
      await route.continue();
    });
    await passkeyButton(page).click();
    await expect(signInAlert(page)).toHaveText(
      "The passkey request expired before it was answered. Try again.",
    );
    expect(aged, "verification rows aged").toBe(1);

    await passkeyButton(page).click();
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("adding a passkey needs the password, whatever the session's age: a borrowed session adds none", async ({
    page,
    baseURL,
    db,
    signedInUser,
  }) => {
    const authenticator = await VirtualAuthenticator.attachTo(page);
    await db.query(
      `UPDATE "session" SET "createdAt" = now() - interval '2 days'
       WHERE "userId" = (SELECT id FROM "user" WHERE email = $1)`,
      [signedInUser.email],
    );
    // Straight to the plugin, as a script with a stolen cookie would: refused before any ceremony.
    const options = await page.request.get(`${baseURL}/api/auth/passkey/generate-register-options`);
    expect(options.status()).toBe(403);
    expect(await options.json()).toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });

    const passkeys = new PasskeysSection(page);
    await passkeys.goto();
    await passkeys.fillNew("Tablet", `${signedInUser.password}-wrong`);
    await passkeys.section.getByRole("button", { name: "Add a passkey" }).click();
    await expect(passkeys.alert()).toHaveText("Your current password is not right.");
    expect(await authenticator.credentials()).toEqual([]);

    await passkeys.add("Tablet", signedInUser.password);
    expect(await authenticator.credentials()).toHaveLength(1);
  });
});

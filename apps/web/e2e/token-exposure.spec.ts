import { expect, test } from "./fixtures";
import { fetchFromPage } from "./support/accounts";
import { JWT_PATTERN, JwtLeakDetector } from "./support/jwt-scan";
import { AccountPage } from "./support/pages";

// User story 4 and FR-012 seen from the browser: tokens exist only between the BFF and the API.
test.describe("Tokens stay on the server", () => {
  test("no JWT appears in any response, request, cookie or web storage through a whole visit", async ({
    page,
    context,
    signUpPage,
    signInPage,
    todosPage,
    credentials,
  }) => {
    // The detector itself must recognise a token, or an empty report would mean nothing.
    expect(JWT_PATTERN.test("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")).toBe(true);
    const detector = new JwtLeakDetector(context);

    await signUpPage.goto();
    await signUpPage.fill(credentials);
    await signUpPage.submitButton.click();
    await todosPage.expectLoaded();
    await todosPage.add({ title: "Check for leaks", tags: "security" });
    await todosPage.edit("Check for leaks", { priority: "High" });
    await todosPage.toggle("Check for leaks");
    await todosPage.filterByTag("security");
    await todosPage.expectTitles(["Check for leaks"]);
    expect((await fetchFromPage(page, "/api/me")).status).toBe(200);

    const account = new AccountPage(page);
    await todosPage.header.openAccount();
    await account.expectSessionCount(1);
    await account.header.signOut();
    await signInPage.signIn(credentials);
    await todosPage.expectLoaded();
    await todosPage.expectTitles(["Check for leaks"]);

    // Better Auth's JWT plugin serves the token at /api/auth/token by default; the app disables it.
    const tokenEndpoint = await fetchFromPage(page, "/api/auth/token");
    expect(tokenEndpoint.status).not.toBe(200);
    expect(JSON.stringify(tokenEndpoint.body)).not.toMatch(JWT_PATTERN);

    await detector.finish();
    expect(detector.findings).toEqual([]);
    expect(detector.responsesScanned).toBeGreaterThan(20);
  });

  test("sign-up, sign-in, get-session and list-sessions answers carry no session token", async ({
    page,
    context,
    signUpPage,
    signInPage,
    todosPage,
    credentials,
  }) => {
    const bodies: string[] = [];
    page.on("response", async (response) => {
      if (/\/api\/auth\/(sign-up|sign-in|get-session|list-sessions)/.test(response.url())) {
        bodies.push(await response.text().catch(() => ""));
      }
    });
    await signUpPage.goto();
    await signUpPage.fill(credentials);
    await signUpPage.submitButton.click();
    await todosPage.expectLoaded();
    await todosPage.header.signOut();
    await signInPage.signIn(credentials);
    await todosPage.expectLoaded();
    expect((await fetchFromPage(page, "/api/auth/get-session")).status).toBe(200);
    const account = new AccountPage(page);
    await todosPage.header.openAccount();
    await account.expectSessionCount(1); // the device list comes from list-sessions

    const cookie = (await context.cookies()).find((candidate) => candidate.name.endsWith("session_token"));
    expect(cookie?.httpOnly).toBe(true);
    const sessionToken = decodeURIComponent(cookie!.value).split(".")[0];
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) expect(body).not.toContain(sessionToken);
  });

  test("no Better Auth answer to the browser carries a session token, change-password and update-user included", async ({
    page,
    context,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    const sessionTokens = async () =>
      (await context.cookies())
        .filter((cookie) => cookie.name.endsWith("session_token"))
        .map((cookie) => decodeURIComponent(cookie.value).split(".")[0]!);
    const newPassword = `${signedInUser.password}-changed`;
    const calls: [string, unknown][] = [
      ["/api/auth/get-session", undefined],
      ["/api/auth/list-sessions", undefined],
      ["/api/auth/update-user", { name: "Renamed" }],
      [
        "/api/auth/change-password",
        { currentPassword: signedInUser.password, newPassword, revokeOtherSessions: true },
      ],
      [
        "/api/auth/change-password",
        { currentPassword: newPassword, newPassword: signedInUser.password, revokeOtherSessions: false },
      ],
      ["/api/auth/get-session", undefined],
    ];
    for (const [path, body] of calls) {
      const answer = await fetchFromPage(page, path, body === undefined ? {} : { method: "POST", body });
      const text = JSON.stringify(answer.body);
      expect(answer.status, `${path}: ${text}`).toBe(200);
      for (const token of await sessionTokens()) expect(text, path).not.toContain(token);
      expect(text, path).not.toMatch(/"token"\s*:/);
    }
  });

  test("a BFF call without the X-CSRF header is refused with 403 and changes nothing", async ({
    page,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();

    for (const path of ["/api/todos", "/api/me"]) {
      const answer = await fetchFromPage(page, path, { csrf: false });
      expect(answer.status, path).toBe(403);
      expect(answer.body).toMatchObject({ code: "csrf_rejected" });
    }
    const post = await fetchFromPage(page, "/api/todos", {
      method: "POST",
      body: { title: "Forged" },
      csrf: false,
    });
    expect(post.status).toBe(403);

    const list = await fetchFromPage(page, "/api/todos");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: [] });
  });

  test("a state-changing BFF call from another origin is refused even with X-CSRF", async ({
    page,
    baseURL,
    signedInUser,
  }) => {
    // page.request carries the browser context's session cookie, as a cross-site request would.
    const send = (origin: string) =>
      page.request.post("/api/todos", {
        headers: { "X-CSRF": "1", Origin: origin },
        data: { title: `From ${origin}` },
      });

    expect((await send("https://evil.example")).status()).toBe(403);
    expect((await send(baseURL!)).status()).toBe(201); // same request from the app's origin: accepted
  });

  test("without a session the BFF answers 401", async ({ page, signInPage }) => {
    await signInPage.goto();
    const answer = await fetchFromPage(page, "/api/todos");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "unauthenticated" });
  });
});

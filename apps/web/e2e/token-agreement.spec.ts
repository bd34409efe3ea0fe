import { readFileSync } from "node:fs";

import { expect, testWithOwnApi as test } from "./fixtures";
import { SESSION_ENDED_MESSAGE } from "./support/pages";
import { randomSecret } from "./support/run";

// User stories 3 (scenario 2) and 4: the API validates what Better Auth's side mints with the shared
// secret, and when it stops accepting those tokens (a rotated or mismatched secret), users are asked to
// sign in again and the operators are told why. The API (the test's own, with the web server in front
// of it) is restarted with another BACKEND_JWT_SECRET.
test.describe("Web app and API agree on tokens", () => {
  test("/api/health confirms the API accepts the web app's tokens, and the log names a mismatch without secrets", async ({
    request,
    api,
  }) => {
    test.setTimeout(60_000);
    const agreed = await request.get("/api/health");
    expect(agreed.status()).toBe(200);
    expect(await agreed.json()).toEqual({ ready: true });

    const wrongSecret = randomSecret();
    await api.start({ BACKEND_JWT_SECRET: wrongSecret });
    // The public answer turns to "not ready" once the cached verdict is renewed, and names nothing.
    await expect.poll(async () => (await request.get("/api/health")).status()).toBe(503);
    expect(await (await request.get("/api/health")).json()).toEqual({ ready: false });

    // The reason is in the server's log, where an operator looks.
    const webLog = api.webLog;
    await expect
      .poll(() => readFileSync(webLog, "utf8"))
      .toContain("FRONTEND_JWT_SECRET (web) and BACKEND_JWT_SECRET (API) must hold the same value");
    const log = readFileSync(webLog, "utf8");
    expect(log).not.toContain(wrongSecret);
    expect(log).not.toContain(api.secret);
  });

  test("when the API rejects the web app's tokens the user is sent to sign in once, not in a loop", async ({
    page,
    todosPage,
    signInPage,
    signedInUser,
    api,
  }) => {
    test.setTimeout(60_000);
    await todosPage.goto();
    await todosPage.add({ title: "Saved before the key change" });
    await api.start({ BACKEND_JWT_SECRET: randomSecret() });

    const dashboardLoads: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).pathname === "/todos")
        dashboardLoads.push(frame.url());
    });
    await todosPage.tryToAdd({ title: "Refused by the API" });

    await expect(page, "should land on sign-in; a redirect loop keeps reloading /todos instead").toHaveURL(
      /\/sign-in\?next=%2Ftodos&reason=session-expired$/,
    );
    await expect(page.getByRole("status").filter({ hasText: SESSION_ENDED_MESSAGE })).toBeVisible();
    // It must stay there: network idle for half a second means no more redirects are under way.
    await page.waitForLoadState("networkidle", { timeout: 10_000 });
    await expect(page).toHaveURL(/\/sign-in\?/);
    expect(dashboardLoads, "redirected back to the dashboard after landing on sign-in").toEqual([]);

    // Once both sides agree again, signing in brings the user back to what they had.
    await api.start();
    await signInPage.signIn(signedInUser);
    await expect(page).toHaveURL(/\/todos$/);
    await todosPage.expectTitles(["Saved before the key change"]);
  });
});

import { readFileSync } from "node:fs";
import { expect, testWithOwnApi as test } from "./fixtures";
import { fetchFromPage, seedTodos, signInThroughApi } from "./support/accounts";
import { UNREACHABLE_MESSAGE } from "./support/pages";

// Edge case "the server is temporarily unavailable": the API process really stops (not a mocked
// response), the BFF answers 503, and the dashboard must say so and recover once the API is back.
// The API and the web server are the test's own (testWithOwnApi).
test.describe("API outage", () => {
  test("with the API down the dashboard offers a retry, which works once the API is back", async ({
    page,
    todosPage,
    signedInUser,
    api,
  }) => {
    test.setTimeout(60_000); // stopping and starting the API takes a few seconds
    await todosPage.goto();
    await seedTodos(page, [{ title: "Saved before the outage" }]);

    await api.stop();

    // Loading the dashboard: a message and a retry button, not a blank page or an endless spinner.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Todos", level: 1 })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: UNREACHABLE_MESSAGE })).toBeVisible();
    const retry = page.getByRole("button", { name: "Try again" });
    await expect(retry).toBeVisible();

    // An action while it is down fails visibly and keeps what the user typed.
    await todosPage.tryToAdd({ title: "Typed during the outage" });
    await expect(todosPage.addForm.getByRole("alert")).toHaveText(UNREACHABLE_MESSAGE);
    await expect(todosPage.addForm.getByLabel("Title", { exact: true })).toHaveValue(
      "Typed during the outage",
    );
    // Still signed in: an outage is not a reason to send the user to the sign-in page.
    await expect(page).toHaveURL(/\/todos$/);

    await api.start();
    await retry.click();
    await todosPage.expectTitles(["Saved before the outage"]);

    // Sending the same form again, as typed during the outage, now works.
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await expect(todosPage.item("Typed during the outage")).toBeVisible();
  });

  test("with the API down the web server stays ready: sign-in serves, the BFF answers 503, and only the deep check reports the API", async ({
    page,
    request,
    signInPage,
    registeredUser,
    api,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    await api.stop();

    // Readiness (what Kubernetes, Docker and the load balancers route on) stays ready.
    const ready = await request.get("/api/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });

    // Pages and sign-in need no API.
    await signInPage.goto();
    await signInThroughApi(page.context().request, baseURL!, registeredUser);

    // What needs the API answers a 503 problem.
    const todos = await fetchFromPage(page, "/api/todos");
    expect(todos.status).toBe(503);
    expect(todos.body).toMatchObject({ status: 503 });
    expect((await request.get("/api/ready")).status()).toBe(200);

    // The deep check (operators, alerts, the blackbox probe) says the product is broken, and the log says where.
    await expect.poll(async () => (await request.get("/api/health")).status()).toBe(503);
    await expect
      .poll(() => readFileSync(api.webLog, "utf8"))
      .toMatch(/not ready: .*api: cannot reach the API/);
  });
});

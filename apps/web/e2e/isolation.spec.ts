import { expect, test } from "./fixtures";
import { fetchFromPage, newCredentials, seedTodos, signUpThroughApi } from "./support/accounts";
import { TodosPage } from "./support/pages";

// FR-010: each user's data is scoped by the identity in the token the BFF mints for their session.
test.describe("Data isolation between users", () => {
  test("two users in two browsers never see each other's todos", async ({
    page,
    todosPage,
    signedInUser,
    openDevice,
    request,
    baseURL,
  }) => {
    const otherUser = newCredentials("other");
    await signUpThroughApi(request, baseURL!, otherUser);
    const otherPage = await openDevice(otherUser);
    const otherTodos = new TodosPage(otherPage);

    await todosPage.goto();
    await otherTodos.goto();
    await todosPage.add({ title: "Alice's surprise party", tags: "secret" });
    await otherTodos.add({ title: "Bob's gift list", tags: "secret" });

    await page.reload();
    await otherPage.reload();
    await todosPage.expectTitles(["Alice's surprise party"]);
    await otherTodos.expectTitles(["Bob's gift list"]);

    // Search and tag filters are scoped by owner too.
    await todosPage.filterByTag("secret");
    await todosPage.expectTitles(["Alice's surprise party"]);
    await otherTodos.search("surprise");
    await otherTodos.expectTitles([]);
  });

  test("another user's todo id answers 404 through the BFF, for reading, changing and deleting", async ({
    page,
    todosPage,
    signedInUser,
    openDevice,
    request,
    baseURL,
  }) => {
    await todosPage.goto();
    const [mine] = await seedTodos(page, [{ title: "Only mine" }]);

    const intruder = newCredentials("intruder");
    await signUpThroughApi(request, baseURL!, intruder);
    const intruderPage = await openDevice(intruder);
    await intruderPage.goto("/todos");

    const path = `/api/todos/${mine!.id}`;
    expect((await fetchFromPage(intruderPage, path)).status).toBe(404);
    expect(
      (await fetchFromPage(intruderPage, path, { method: "PATCH", body: { title: "Hijacked" } })).status,
    ).toBe(404);
    expect((await fetchFromPage(intruderPage, path, { method: "DELETE" })).status).toBe(404);

    // Untouched for its owner.
    const { status, body } = await fetchFromPage(page, path);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: mine!.id, title: "Only mine" });
  });
});

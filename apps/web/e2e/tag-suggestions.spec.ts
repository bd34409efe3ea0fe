import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";

test.describe("Tag suggestions", () => {
  test("the tag field suggests the user's tags, most used first, without those already typed", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [
      { title: "a", tags: ["home"] },
      { title: "b", tags: ["work", "home"] },
      { title: "c", tags: ["work"] },
      { title: "d", tags: ["work", "errands"] },
    ]);
    await page.reload();
    await todosPage.expectLoaded();
    const tags = todosPage.addForm.getByLabel("Tags", { exact: true });
    const suggestions = todosPage.addForm.getByTestId("tag-suggestions").locator("option");
    const values = () =>
      suggestions.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

    // The tag field is one of the quick-add line's details.
    await todosPage.moreOptions.click();
    await tags.focus();
    await expect(suggestions).toHaveCount(3);
    expect(await values()).toEqual(["work", "home", "errands"]);
    await expect(tags).toHaveAttribute(
      "list",
      (await todosPage.addForm.getByTestId("tag-suggestions").getAttribute("id"))!,
    );

    await tags.pressSequentially("home, ");
    await expect(suggestions).toHaveCount(2);
    expect(await values()).toEqual(["home, work", "home, errands"]);

    // A tag added just now is suggested at the next visit of the field, which the add emptied: the
    // suggestions start afresh, not after the tags of the todo just added.
    await todosPage.add({ title: "e", tags: "home, garden" });
    await expect(tags).toHaveValue("");
    await tags.focus();
    await expect(suggestions).toHaveCount(4);
    expect((await values()).sort()).toEqual(["errands", "garden", "home", "work"]);
  });
});

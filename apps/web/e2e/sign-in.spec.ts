import { expect, test } from "./fixtures";
import { seedTodos } from "./support/accounts";
import { pathOf } from "./support/pages";

test.describe("User story 2: sign-in and protected pages", () => {
  test("a registered user signs in and reaches their todos", async ({
    page,
    signInPage,
    todosPage,
    registeredUser,
  }) => {
    await signInPage.goto();
    await signInPage.signIn(registeredUser);

    await expect(page).toHaveURL(/\/todos$/);
    await todosPage.expectLoaded();
    await expect(page.getByTestId("user-name")).toHaveText(registeredUser.name);
  });

  test("a wrong password is refused with a message and no session", async ({
    page,
    context,
    signInPage,
    registeredUser,
  }) => {
    await signInPage.goto();
    await signInPage.signIn({ email: registeredUser.email, password: `${registeredUser.password}-wrong` });

    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
    expect((await context.cookies()).filter((cookie) => cookie.name.includes("session_token"))).toEqual([]);
  });

  for (const path of ["/todos", "/account"]) {
    test(`signed out, ${path} redirects to sign-in with next=${path}`, async ({ page, signInPage }) => {
      await page.goto(path);
      await signInPage.expectShown();
      const url = new URL(page.url());
      expect(url.pathname).toBe("/sign-in");
      expect(url.searchParams.get("next")).toBe(path);
    });
  }

  test("after sign-in the user is sent back to the page in next", async ({
    page,
    signInPage,
    registeredUser,
  }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
    await signInPage.signIn(registeredUser);

    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(registeredUser.email);
  });

  // Each would send a freshly signed-in user to another site (an open redirect) if honoured.
  const unsafeNextValues = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
  ];
  for (const next of unsafeNextValues) {
    test(`an unsafe next (${next}) is ignored: sign-in goes to /todos`, async ({
      page,
      signInPage,
      todosPage,
      baseURL,
      registeredUser,
    }) => {
      await signInPage.goto(`?next=${encodeURIComponent(next)}`);
      await signInPage.signIn(registeredUser);

      await expect(page).toHaveURL(`${baseURL}/todos`);
      await todosPage.expectLoaded();
    });
  }

  for (const path of ["/sign-in", "/sign-up"]) {
    test(`a signed-in visitor of ${path} is sent to /todos`, async ({ page, todosPage, signedInUser }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/todos$/);
      await todosPage.expectLoaded();
      await expect(page.getByTestId("user-name")).toHaveText(signedInUser.name);
    });
  }

  test("a session survives a reload and is shared by a new tab", async ({
    page,
    context,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Still here after a reload" }]);
    await page.reload();
    await expect(todosPage.item("Still here after a reload")).toBeVisible();

    const secondTab = await context.newPage();
    await secondTab.goto("/todos");
    await expect(secondTab.getByTestId("user-name")).toHaveText(signedInUser.name);
    expect(pathOf(secondTab)).toBe("/todos");
  });
});

test.describe("Signing out, and the password field", () => {
  test("after signing out, the sign-in page says so and the email field has the focus", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await todosPage.header.signOut();
    await expect(page.getByRole("status").filter({ hasText: "signed out" })).toHaveText(
      "You have been signed out.",
    );
    await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
  });

  test("a password field shows what was typed, and hides it again", async ({ signInPage, page }) => {
    await signInPage.goto();
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("correct horse");
    const toggle = page.getByRole("button", { name: "Show Password" });
    await expect(password).toHaveAttribute("type", "password");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(password).toHaveAttribute("type", "text");
    await expect(password).toHaveValue("correct horse");
    await toggle.click();
    await expect(password).toHaveAttribute("type", "password");
  });
});

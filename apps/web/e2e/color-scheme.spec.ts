import { expect, test } from "./fixtures";
import { BrowserAudit, hasDarkBackground } from "./support/browser-audit";

// The light/dark/system switch on the account page: applied at once, sent by the server with every
// later page (no script, no flash of the other scheme), and a tampered cookie is the system's scheme.

test.describe("Colour scheme", () => {
  test("a chosen scheme holds whatever the system says, and System follows it again", async ({
    page,
    signedInUser,
    accountPage,
  }) => {
    const audit = await BrowserAudit.watch(page);
    await page.emulateMedia({ colorScheme: "light" });
    await accountPage.goto();
    const schemes = page.getByRole("group", { name: "Colour scheme" });
    // As a person does it: the radio buttons are drawn by their labels.
    const choose = async (name: string) => {
      await schemes.getByText(name, { exact: true }).click();
      await expect(schemes.getByRole("radio", { name })).toBeChecked();
    };
    await expect(schemes.getByRole("radio", { name: "System" })).toBeChecked();
    expect(await hasDarkBackground(page)).toBe(false);

    await choose("Dark");
    expect(await hasDarkBackground(page)).toBe(true);
    await audit.expectClean("the account page, dark chosen under a light system");

    // The server sends the next pages dark: the scheme is in the HTML, before any script runs.
    const html = await (await page.request.get("/todos")).text();
    expect(html).toMatch(/<html[^>]*data-color-scheme="dark"/);
    await page.goto("/todos");
    expect(await hasDarkBackground(page)).toBe(true);

    await page.goto("/account");
    await expect(schemes.getByRole("radio", { name: "Dark" })).toBeChecked();
    await choose("Light");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await hasDarkBackground(page)).toBe(false);
    await audit.expectClean("the account page, light chosen under a dark system");

    await choose("System");
    expect(await hasDarkBackground(page)).toBe(true);
    await page.emulateMedia({ colorScheme: "light" });
    expect(await hasDarkBackground(page)).toBe(false);
  });

  test("a cookie with any other value is the system's scheme", async ({
    page,
    context,
    baseURL,
    signedInUser,
  }) => {
    await context.addCookies([{ name: "color-scheme", value: "<script>", url: baseURL! }]);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/account");
    await expect(
      page.getByRole("group", { name: "Colour scheme" }).getByRole("radio", { name: "System" }),
    ).toBeChecked();
    expect(await hasDarkBackground(page)).toBe(true);
  });
});

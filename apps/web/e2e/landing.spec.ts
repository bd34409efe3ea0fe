import { expect, test } from "./fixtures";

// What a visitor sees first, and where a wrong address leads.
test.describe("The landing page and unknown addresses", () => {
  test("a signed-out visitor of / finds what the app is and the ways in; a signed-in one their todos", async ({
    page,
    registeredUser,
    signInPage,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your tasks, in one place, kept safe.");
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await signInPage.signIn(registeredUser);
    await expect(page).toHaveURL(/\/todos$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/todos$/);
  });

  for (const [screen, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 375, height: 667 }],
  ] as const)
    for (const colorScheme of ["light", "dark"] as const)
      test(`the landing page shows the product as it looks on a ${screen} in the ${colorScheme} scheme`, async ({
        page,
      }) => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await page.goto("/");
        const picture = page.getByRole("img", { name: /^The todo list/ });
        await expect(picture).toBeVisible();
        const shown = await picture.evaluate((image: HTMLImageElement) => ({
          file: new URL(image.currentSrc).pathname,
          loaded: image.complete && image.naturalWidth > 0,
        }));
        expect(shown).toEqual({ file: `/screenshots/dashboard-${screen}-${colorScheme}.png`, loaded: true });
      });

  test("a scheme chosen in the app picks the landing page's pictures whatever the system's", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: "color-scheme", value: "dark", url: baseURL! }]);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/");
    const picture = page.getByRole("img", { name: /^The todo list/ });
    await expect(picture).toHaveJSProperty("complete", true);
    expect(await picture.evaluate((image: HTMLImageElement) => new URL(image.currentSrc).pathname)).toBe(
      "/screenshots/dashboard-desktop-dark.png",
    );
  });

  test("an unknown address shows a signed-out visitor the app's own not-found page leading to the landing page", async ({
    page,
  }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your tasks, in one place, kept safe.");
  });

  test("an unknown address shows a signed-in person the not-found page under the app's header, leading to their todos", async ({
    page,
    signedInUser,
  }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveText(signedInUser.name);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Go to your todos" }).click();
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("every page names the app's icon, and the address browsers ask for by default has it", async ({
    page,
    request,
  }) => {
    const missing: string[] = [];
    page.on("response", (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto("/sign-in");
    const icons = await page
      .locator('link[rel="icon"]')
      .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    expect(icons.map((href) => new URL(href).pathname).sort()).toEqual(["/favicon.ico", "/icon.svg"]);
    for (const href of icons) {
      const icon = await request.get(href);
      expect(icon.status(), href).toBe(200);
      expect(icon.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon|svg\+xml)/);
    }
    await page.waitForLoadState("networkidle");
    expect(missing).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test } from "./fixtures";
import { BrowserAudit, expectPageHeaders, hasDarkBackground } from "./support/browser-audit";
import { scrape, total } from "./support/metrics";
import { unfold } from "./support/pages";
import { SERVER_LOG_DIR } from "./support/run";

// Every page carries a strict, nonce-based Content Security Policy and the other browser-defence
// headers (docs/architecture.md, "Browser defence"), loads without a single violation, and passes axe
// without a single finding, in the light and the dark scheme; an injected script is blocked and its
// report reaches the server.

test.describe("Browser defence", () => {
  // The walk in both colour schemes: contrast must pass axe in the dark one too.
  for (const colorScheme of ["light", "dark"] as const)
    test(`every page and state: the headers, no CSP violation, no axe finding (${colorScheme} scheme)`, async ({
      page,
      registeredUser,
      signInPage,
      signUpPage,
      todosPage,
      accountPage,
    }) => {
      // Axe takes a second or two per state on a busy machine.
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme });
      const audit = await BrowserAudit.watch(page);

      const home = await page.goto("/");
      expectPageHeaders(home);
      await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
      expect(await hasDarkBackground(page)).toBe(colorScheme === "dark");
      await audit.expectClean("/ signed out (the landing page)");

      expectPageHeaders(await page.goto("/sign-up"));
      await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
      await audit.expectClean("/sign-up");
      await signUpPage.submitButton.click();
      await expect(signUpPage.field("Name")).toHaveAttribute("aria-invalid", "true");
      await audit.expectClean("/sign-up with its field errors shown");

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      expectPageHeaders(missing);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await audit.expectClean("a 404 page");

      expectPageHeaders(await page.goto("/forgot-password"));
      await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
      await audit.expectClean("/forgot-password");
      expectPageHeaders(await page.goto("/reset-password?error=INVALID_TOKEN"));
      await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      await audit.expectClean("/reset-password with an expired link");
      expectPageHeaders(await page.goto("/reset-password?token=not-checked-until-sent"));
      await expect(page.getByRole("button", { name: "Set new password" })).toBeVisible();
      await audit.expectClean("/reset-password with its form");

      const signIn = await page.goto("/sign-in");
      const nonce = expectPageHeaders(signIn);
      await signInPage.expectShown();
      await audit.expectClean("/sign-in");
      // Next puts the request's nonce on every script it writes, and each request has its own.
      const html = await signIn!.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      // The policy allows styles from files only, so the page must have none inline.
      expect(html).not.toMatch(/<style\b|\sstyle="/);
      expect(expectPageHeaders(await page.request.get("/sign-in"))).not.toBe(nonce);

      // Signing in through the form: the page's scripts run and call the BFF under the policy.
      await signInPage.signIn(registeredUser);
      await todosPage.expectLoaded();
      await expect(todosPage.emptyState).toBeVisible();
      await audit.expectClean("/todos without todos");
      expectPageHeaders(await page.reload());
      await todosPage.expectLoaded();

      await todosPage.add({
        title: "Defended",
        description: "Behind a policy",
        priority: "High",
        tags: "csp",
      });
      await audit.expectClean("/todos with a todo");
      await todosPage.add({ title: "Due soon", priority: "Medium", due: "2030-05-01T09:00", tags: "later" });
      await todosPage.add({ title: "Done already", priority: "Low" });
      await todosPage.toggle("Done already");
      await todosPage.unfoldFilters();
      await unfold(todosPage.moreOptions);
      await expect(page.getByLabel("Sort by")).toBeVisible();
      await audit.expectClean("/todos with todos, the filters and the add form's options unfolded");
      await page.getByRole("navigation", { name: "Lists" }).getByRole("link", { name: "Upcoming" }).click();
      await expect(page).toHaveURL(/view=upcoming/);
      await todosPage.expectLoaded();
      await audit.expectClean("/todos?view=upcoming");
      await page.getByRole("navigation", { name: "Lists" }).getByRole("link", { name: "All lists" }).click();
      await expect(todosPage.item("Defended")).toBeVisible();

      await page.getByRole("button", { name: "Edit “Defended”" }).click();
      await expect(page.getByRole("form", { name: "Edit “Defended”" })).toBeVisible();
      await audit.expectClean("/todos with an edit form open");
      await page
        .getByRole("form", { name: "Edit “Defended”" })
        .getByRole("button", { name: "Cancel" })
        .click();
      await page.getByRole("button", { name: "Delete “Defended”" }).click();
      await expect(todosPage.item("Defended").getByRole("button", { name: "Yes, delete" })).toBeVisible();
      await audit.expectClean("/todos asking to confirm a deletion");

      await todosPage.header.openAccount();
      await audit.expectClean("/account after client-side navigation");
      expectPageHeaders(await page.reload());
      await expect(accountPage.sessions.first()).toBeVisible();
      await audit.expectClean("/account");
      await page.getByRole("button", { name: "Delete account" }).click();
      await expect(page.getByLabel("Your password", { exact: true })).toBeVisible();
      await audit.expectClean("/account with the deletion form open");
    });

  test("an injected inline script is blocked, fires a violation and is reported to the server", async ({
    page,
    signedInUser: _,
    todosPage,
    request,
    run,
  }) => {
    const audit = await BrowserAudit.watch(page);
    // Markup the server never wrote, as a stored or reflected injection would put it in the page; a
    // script created by the page's own code is trusted by design ('strict-dynamic').
    await page.route("/todos", async (route) => {
      const response = await route.fetch();
      const injected = "<script>document.body.dataset.injected = 'ran'</script></body>";
      await route.fulfill({ response, body: (await response.text()).replace("</body>", injected) });
    });
    const before = await scrape(request, run.webMetricsUrl);
    await todosPage.goto();

    await expect
      .poll(() => audit.violations())
      .toEqual([{ effectiveDirective: "script-src-elem", blockedURI: "inline", disposition: "enforce" }]);
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    // An inline event handler, as an injection through innerHTML would carry one, is refused too.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        "beforeend",
        `<img src="data:," onerror="document.body.dataset.handler = 'ran'">`,
      ),
    );
    await expect
      .poll(async () => (await audit.violations()).map((v) => v.effectiveDirective))
      .toEqual(["script-src-elem", "script-src-attr"]);
    expect(await page.evaluate(() => document.body.dataset.handler)).toBeUndefined();
    // The browser posts both reports to the policy's report-uri, which counts and logs them.
    const moved = async (directive: string) =>
      total(await scrape(request, run.webMetricsUrl), "todo_web_csp_reports_total", { directive }) -
      total(before, "todo_web_csp_reports_total", { directive });
    await expect.poll(() => moved("script-src-elem"), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => moved("script-src-attr"), { timeout: 20_000 }).toBe(1);
    const reported = readFileSync(path.join(SERVER_LOG_DIR, "web.log"), "utf8")
      .split("\n")
      .filter((line) => line.includes('"content security policy violation"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const directive of ["script-src-elem", "script-src-attr"])
      expect(reported).toContainEqual(
        expect.objectContaining({ level: "WARN", directive, blocked: "inline", document: "/todos" }),
      );
  });
});

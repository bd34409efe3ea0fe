import { describe, expect, it } from "vitest";
import { safeNextPath, signInUrl } from "@/lib/sign-in-url";

describe("safeNextPath", () => {
  it.each(["/todos", "/account", "/todos?status=active&q=milk", "/"])("accepts the site path %s", (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    null,
    undefined,
    "",
    "todos",
    "//evil.example",
    "//evil.example/todos",
    "/\\evil.example",
    "/\t/evil.example",
    "/todos\n",
    "https://evil.example",
    "javascript:alert(1)",
    " /todos",
  ])("refuses %j", (next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});

describe("signInUrl", () => {
  it("carries the path to come back to and the reason", () => {
    expect(signInUrl("/todos?status=active", "session-expired")).toBe(
      "/sign-in?next=%2Ftodos%3Fstatus%3Dactive&reason=session-expired",
    );
    expect(signInUrl("/account")).toBe("/sign-in?next=%2Faccount");
  });

  it("drops a path that is not on this site", () => {
    expect(signInUrl("//evil.example", "session-expired")).toBe("/sign-in?reason=session-expired");
    expect(signInUrl(null)).toBe("/sign-in");
  });
});

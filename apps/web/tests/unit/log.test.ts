import { describe, expect, it } from "vitest";

import { requestIdFrom } from "../../runtime/log.mjs";

describe("requestIdFrom", () => {
  it("keeps a well-formed X-Request-ID", () => {
    expect(requestIdFrom("abc-123_x.y:z")).toBe("abc-123_x.y:z");
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["too long", "a".repeat(129)],
    ["with spaces or quotes", 'id" injected'],
    ["repeated", ["one", "two"]],
  ])("replaces a %s one with a new UUID", (_, incoming) => {
    expect(requestIdFrom(incoming)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

import { describe, expect, it } from "vitest";

import { FixedWindowLimit } from "@/lib/server/fixed-window-limit";

describe("FixedWindowLimit", () => {
  it("allows `limit` events per key and window, then refuses until the window ends", () => {
    let now = 0;
    const limit = new FixedWindowLimit(2, 60_000, 10, () => now);
    expect([limit.allow("a"), limit.allow("a"), limit.allow("a")]).toEqual([true, true, false]);
    expect(limit.allow("b")).toBe(true);
    expect(limit.retryAfterSeconds("a")).toBe(60);
    now = 59_999;
    expect(limit.allow("a")).toBe(false);
    now = 60_000;
    expect(limit.allow("a")).toBe(true);
  });

  it("keeps at most `maxKeys` keys, dropping the oldest window", () => {
    const limit = new FixedWindowLimit(1, 60_000, 2, () => 0);
    limit.allow("a");
    limit.allow("b");
    limit.allow("c");
    expect(limit.allow("a")).toBe(true);
    expect(limit.allow("c")).toBe(false);
  });
});

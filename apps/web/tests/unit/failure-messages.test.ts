import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "@/lib/failure-messages";

describe("parseRetryAfter", () => {
  it("reads delta-seconds and nothing else", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter(" 7 ")).toBe(7);
    expect(parseRetryAfter("0")).toBe(1);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).toBeNull();
    expect(parseRetryAfter("-3")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

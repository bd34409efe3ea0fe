import { describe, expect, it } from "vitest";

import { listApiPath, memberApiPath } from "@/app/api/lists/list-api-path";

const LIST = "0B6D7E6E-9D3A-4C1B-8E2F-1A2B3C4D5E6F";
// Not a UUID, and not a user id either (letters, digits, _ and -, at most 255).
const PATH_TRICKS = ["", "..", "../me", "a/b", "a?b", "a#b", "%2e%2e", "x".repeat(256)];

describe("listApiPath and memberApiPath", () => {
  it("forward well-formed ids", () => {
    expect(listApiPath(LIST)).toBe("/v1/lists/0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f");
    expect(listApiPath(LIST, "/members")).toBe("/v1/lists/0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f/members");
    expect(memberApiPath(LIST, "Xk3_9-aZ")).toBe(
      "/v1/lists/0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f/members/Xk3_9-aZ",
    );
  });

  it("refuse anything else, in the list's id or the member's", () => {
    expect(listApiPath("1")).toBeNull();
    for (const id of PATH_TRICKS) {
      expect(listApiPath(id)).toBeNull();
      expect(memberApiPath(id, "Xk3_9-aZ")).toBeNull();
      expect(memberApiPath(LIST, id)).toBeNull();
    }
  });
});

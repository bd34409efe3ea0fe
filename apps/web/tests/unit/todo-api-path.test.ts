import { describe, expect, it } from "vitest";

import { todoApiPath } from "@/app/api/todos/todo-api-path";

describe("todoApiPath", () => {
  it("forwards only well-formed ids", () => {
    expect(todoApiPath("0B6D7E6E-9D3A-4C1B-8E2F-1A2B3C4D5E6F")).toBe(
      "/v1/todos/0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f",
    );
    for (const id of ["", "..", "../me", "1", "0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f/../../me", "%2e%2e"]) {
      expect(todoApiPath(id)).toBeNull();
    }
  });
});

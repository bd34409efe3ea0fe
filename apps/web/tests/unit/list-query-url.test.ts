import { describe, expect, it } from "vitest";

import { queryFromSearch, searchOfQuery } from "@/app/(app)/todos/list-query-url";
import { DEFAULT_QUERY } from "@/app/(app)/todos/use-todo-list";

describe("the list's query in the address", () => {
  it("keeps only what differs from the defaults, and reads it back", () => {
    const query = {
      ...DEFAULT_QUERY,
      q: "milk & eggs",
      status: "active" as const,
      sort: "due" as const,
      order: "asc" as const,
    };
    const search = searchOfQuery(query);
    expect(search).toBe("?q=milk+%26+eggs&status=active&sort=due&order=asc");
    expect(queryFromSearch(new URLSearchParams(search))).toEqual(query);
    expect(searchOfQuery(DEFAULT_QUERY)).toBe("");
  });

  it("falls back to the defaults for values it does not know", () => {
    const query = queryFromSearch(
      new URLSearchParams("status=sleeping&priority=urgent&sort=mood&order=up&tag=home"),
    );
    expect(query).toEqual({ ...DEFAULT_QUERY, tag: "home" });
  });
});

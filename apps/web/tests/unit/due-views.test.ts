import { afterEach, describe, expect, it } from "vitest";

import { byDueDay, dueGroups, dueWindow } from "@/app/(app)/todos/due-views";

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

describe("dueWindow", () => {
  it("is everything before tomorrow's local midnight for Today, the 7 days after it for Upcoming", () => {
    process.env.TZ = "Europe/Berlin";
    const now = new Date(2026, 11, 4, 23, 30);
    expect(dueWindow("today", now)).toEqual({ due_before: "2026-12-05T00:00:00+01:00" });
    expect(dueWindow("upcoming", now)).toEqual({
      due_from: "2026-12-05T00:00:00+01:00",
      due_before: "2026-12-12T00:00:00+01:00",
    });
  });

  it("takes each midnight's own offset across a change of clocks", () => {
    process.env.TZ = "America/New_York";
    // Daylight saving ends on 1 November 2026 in New York.
    expect(dueWindow("upcoming", new Date(2026, 9, 29, 12))).toEqual({
      due_from: "2026-10-30T00:00:00-04:00",
      due_before: "2026-11-06T00:00:00-05:00",
    });
  });
});

describe("byDueDay", () => {
  it("groups todos in due order by the local day of a moment or by their day", () => {
    process.env.TZ = "Asia/Tokyo";
    const todo = (title: string, due_at: string | null, due_date: string | null = null) => ({
      title,
      due_at,
      due_date,
    });
    const groups = byDueDay([
      todo("a", "2026-12-04T16:00:00Z"),
      todo("b", null, "2026-12-05"),
      todo("c", "2026-12-05T14:59:00Z"),
      todo("d", "2026-12-05T15:00:00Z"),
    ]);
    // 16:00 UTC is 01:00 the next day in Tokyo; 15:00 UTC is its midnight.
    expect(groups.map(({ day, todos }) => [day, todos.map((t) => t.title)])).toEqual([
      ["2026-12-05", ["a", "b", "c"]],
      ["2026-12-06", ["d"]],
    ]);
  });
});

describe("dueGroups", () => {
  it("puts every day before today under Overdue, then Today, Tomorrow and the weekdays", () => {
    process.env.TZ = "Europe/Berlin";
    const day = (title: string, due_date: string) => ({ title, due_at: null, due_date });
    const groups = dueGroups(
      [
        day("a", "2026-11-30"),
        day("b", "2026-12-03"),
        day("c", "2026-12-04"),
        day("d", "2026-12-05"),
        day("e", "2026-12-07"),
      ],
      new Date(2026, 11, 4, 9),
    );
    expect(groups.map(({ label, todos }) => [label, todos.map((t) => t.title)])).toEqual([
      ["Overdue", ["a", "b"]],
      ["Today", ["c"]],
      ["Tomorrow", ["d"]],
      [expect.stringContaining("Monday"), ["e"]],
    ]);
  });
});

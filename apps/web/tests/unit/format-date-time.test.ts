import { describe, expect, it } from "vitest";

import { formatDateTime, formatDue } from "@/components/format-date-time";

describe("formatDue", () => {
  const now = new Date(2026, 2, 10, 12, 0); // 10 March 2026, noon, in the test's own time zone
  const at = (day: number, hour: number) => new Date(2026, 2, day, hour, 30);

  it("names today, tomorrow and yesterday in the reader's time zone", () => {
    expect(formatDue(at(10, 23), now)).toMatch(/^today, /);
    expect(formatDue(at(11, 0), now)).toMatch(/^tomorrow, /);
    expect(formatDue(at(9, 8), now)).toMatch(/^yesterday, /);
  });

  it("gives the date for any other day", () => {
    expect(formatDue(at(12, 9), now)).toBe(formatDateTime(at(12, 9)));
    expect(formatDue(at(8, 9), now)).toBe(formatDateTime(at(8, 9)));
  });
});

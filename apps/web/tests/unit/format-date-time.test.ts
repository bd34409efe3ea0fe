import { describe, expect, it, vi } from "vitest";

import {
  dayText,
  formatDateTime,
  formatDue,
  formatDueDay,
  isPastDue,
  localDay,
  timeText,
} from "@/components/format-date-time";

describe("formatDue", () => {
  const now = new Date(2026, 2, 10, 12, 0); // 10 March 2026, noon, in the test's own time zone
  const at = (day: number, hour: number) => new Date(2026, 2, day, hour, 30);

  it("names today, tomorrow and yesterday in the reader's time zone", () => {
    expect(formatDue(at(10, 23), now)).toMatch(/^today, /);
    expect(formatDue(at(11, 0), now)).toMatch(/^tomorrow, /);
    expect(formatDue(at(9, 8), now)).toMatch(/^yesterday, /);
  });

  it("gives the date for any other day, with the year only when it is not this one", () => {
    for (const moment of [at(12, 9), at(8, 22)]) {
      expect(formatDue(moment, now)).not.toMatch(/2026/);
      expect(formatDue(moment, now)).toContain(formatDateTime(moment).replace(/,? 2026/, ""));
    }
    const nextYear = new Date(2027, 0, 4, 9, 30);
    expect(formatDue(nextYear, now)).toBe(formatDateTime(nextYear));
  });
});

describe("due days without a time", () => {
  const now = new Date(2026, 2, 10, 23, 30); // 10 March 2026, late evening, in the test's own time zone

  it("names today, tomorrow and yesterday, else gives the date", () => {
    expect(formatDueDay("2026-03-10", now)).toBe("today");
    expect(formatDueDay("2026-03-11", now)).toBe("tomorrow");
    expect(formatDueDay("2026-03-09", now)).toBe("yesterday");
    expect(formatDueDay("2026-03-20", now)).not.toMatch(/today|tomorrow|yesterday|2026/);
    expect(formatDueDay("2027-03-20", now)).toMatch(/2027/);
  });

  it("is overdue from the next day on, not during its own day", () => {
    expect(isPastDue({ due_at: null, due_date: "2026-03-10" }, now)).toBe(false);
    expect(isPastDue({ due_at: null, due_date: "2026-03-09" }, now)).toBe(true);
    expect(isPastDue({ due_at: new Date(2026, 2, 10, 23, 0).toISOString(), due_date: null }, now)).toBe(true);
    expect(isPastDue({ due_at: null, due_date: null }, now)).toBe(false);
  });

  it("reads only real days", () => {
    expect(localDay("2026-02-29")).toBeNull();
    expect(localDay("2026-3-1")).toBeNull();
    expect(localDay("2028-02-29")?.getDate()).toBe(29);
  });
});

describe("the formatters", () => {
  it("are built at the first date shown, not when the module loads (a page without dates pays nothing)", async () => {
    vi.resetModules();
    const built = vi.spyOn(Intl, "DateTimeFormat");
    try {
      const { formatDateTime: format } = await import("@/components/format-date-time");
      expect(built).not.toHaveBeenCalled();
      format(new Date(2026, 2, 10, 12, 0));
      format(new Date(2026, 2, 11, 12, 0));
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });
});

describe("dayText and timeText", () => {
  it("write a moment's day and time of day in the reader's zone, padded as inputs and the API write them", () => {
    const moment = new Date(2026, 0, 5, 7, 3); // 5 January 2026, 07:03, in the test's own time zone
    expect(dayText(moment)).toBe("2026-01-05");
    expect(timeText(moment)).toBe("07:03");
    expect(dayText(new Date(2026, 11, 31, 23, 59))).toBe("2026-12-31");
  });

  it("is the reverse of localDay for every day of a year", () => {
    for (let day = new Date(2026, 0, 1); day.getFullYear() === 2026; day.setDate(day.getDate() + 1)) {
      expect(localDay(dayText(day))?.getTime()).toBe(day.getTime());
    }
  });
});

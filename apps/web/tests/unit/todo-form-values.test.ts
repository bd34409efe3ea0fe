import { afterEach, describe, expect, it } from "vitest";
import {
  formValuesOf,
  isoToLocalDateTime,
  localDateTimeToIso,
  parseTags,
  todoContentOf,
  validateTodoForm,
} from "@/app/(app)/todos/todo-form-values";

describe("todo form values", () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  it("splits tags on commas, trimmed, without blanks or repeats", () => {
    expect(parseTags(" home, work ,, home ,")).toEqual(["home", "work"]);
    expect(parseTags("")).toEqual([]);
  });

  it("adds the browser's offset for that date to a datetime-local value", () => {
    process.env.TZ = "Asia/Kolkata";
    expect(localDateTimeToIso("2026-03-01T14:30")).toBe("2026-03-01T14:30:00+05:30");
    process.env.TZ = "America/New_York";
    expect(localDateTimeToIso("2026-01-15T09:05")).toBe("2026-01-15T09:05:00-05:00");
    expect(localDateTimeToIso("2026-07-15T09:05")).toBe("2026-07-15T09:05:00-04:00");
    process.env.TZ = "UTC";
    expect(localDateTimeToIso("2026-07-15T09:05")).toBe("2026-07-15T09:05:00+00:00");
    expect(localDateTimeToIso("")).toBeNull();
    expect(localDateTimeToIso("not a date")).toBeNull();
  });

  it("shows an API date-time in local time for editing", () => {
    process.env.TZ = "Asia/Kolkata";
    expect(isoToLocalDateTime("2026-03-01T09:00:00Z")).toBe("2026-03-01T14:30");
    expect(isoToLocalDateTime(null)).toBe("");
    expect(localDateTimeToIso(isoToLocalDateTime("2026-03-01T09:00:00Z"))).toBe("2026-03-01T14:30:00+05:30");
  });

  // The repeat fields as a new todo has them (repeat-rule.test.ts checks them).
  const noRepeat = { repeat: "none", repeat_days: "", repeat_interval: "1" };
  const noRepeatContent = { repeat_rule: null, repeat_from: "due", time_zone: "UTC" };

  it("checks the API's limits", () => {
    const values = {
      ...noRepeat,
      title: "Milk",
      description: "",
      priority: "medium",
      due_date: "",
      due_time: "",
      tags: "",
    };
    expect(Object.values(validateTodoForm(values)).filter(Boolean)).toEqual([]);
    expect(validateTodoForm({ ...values, title: "   " }).title).toBe("Enter a title.");
    expect(validateTodoForm({ ...values, title: "x".repeat(201) }).title).toBe("Use at most 200 characters.");
    expect(validateTodoForm({ ...values, tags: "a,b,c,d,e,f,g,h,i,j,k" }).tags).toBe("Use at most 10 tags.");
    expect(validateTodoForm({ ...values, tags: `ok, ${"t".repeat(33)}` }).tags).toMatch(/too long/);
    expect(validateTodoForm({ ...values, description: "d".repeat(2001) }).description).toBe(
      "Use at most 2000 characters.",
    );
    expect(validateTodoForm({ ...values, due_time: "09:00" }).due_date).toBe(
      "Enter the day this time is on.",
    );
    expect(validateTodoForm({ ...values, due_date: "2026-02-30" }).due_date).toBe("Enter a valid date.");
    expect(validateTodoForm({ ...values, due_date: "2026-02-28", due_time: "25:00" }).due_time).toBe(
      "Enter a valid time.",
    );
    expect(validateTodoForm({ ...values, due_date: "2026-02-28" }).due_date).toBeUndefined();
  });

  it("sends empty optional fields as null, so an edit clears them", () => {
    process.env.TZ = "UTC";
    expect(
      todoContentOf({
        ...noRepeat,
        title: "  Milk ",
        description: "  ",
        priority: "high",
        due_date: "",
        due_time: "",
        tags: "",
      }),
    ).toEqual({
      title: "Milk",
      description: null,
      priority: "high",
      due_at: null,
      due_date: null,
      tags: [],
      ...noRepeatContent,
    });
    expect(
      todoContentOf({
        ...noRepeat,
        title: "Milk",
        description: "2 l",
        priority: "urgent",
        due_date: "2026-07-15",
        due_time: "09:05",
        tags: "shop",
      }),
    ).toEqual({
      title: "Milk",
      description: "2 l",
      priority: "medium",
      due_at: "2026-07-15T09:05:00+00:00",
      due_date: null,
      tags: ["shop"],
      ...noRepeatContent,
    });
  });

  it("sends a day without a time as a due date, that day wherever the person is", () => {
    const values = { ...noRepeat, title: "Bins", description: "", priority: "low", tags: "" };
    expect(todoContentOf({ ...values, due_date: "2026-07-15", due_time: "" })).toMatchObject({
      due_at: null,
      due_date: "2026-07-15",
    });
  });

  it("edits a timed todo as its local day and time, and a day without a time as that day", () => {
    process.env.TZ = "Asia/Kolkata";
    const todo = {
      id: "t",
      title: "x",
      description: null,
      completed: false,
      priority: "low" as const,
      tags: [],
      created_at: "2026-03-01T00:00:00Z",
      updated_at: "2026-03-01T00:00:00Z",
      version: 1,
      list_id: "4b1f0b8e-0000-4000-8000-000000000000",
      repeat_rule: null,
      repeat_from: "due" as const,
      time_zone: null,
      repeats_after: null,
    };
    expect(formValuesOf({ ...todo, due_at: "2026-03-01T20:00:00Z", due_date: null })).toMatchObject({
      due_date: "2026-03-02",
      due_time: "01:30",
    });
    expect(formValuesOf({ ...todo, due_at: null, due_date: "2026-03-01" })).toMatchObject({
      due_date: "2026-03-01",
      due_time: "",
    });
  });
});

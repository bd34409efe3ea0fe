import { afterEach, describe, expect, it } from "vitest";
import { readQuickCapture } from "@/app/(app)/todos/quick-capture";
import { describeRepeat, repeatContentOf, repeatErrors, repeatValuesOf } from "@/app/(app)/todos/repeat-rule";

const noRepeat = { repeat: "none", repeat_days: "", repeat_interval: "1" };

describe("the todo form's Repeat", () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  // (form values, rule sent, counted from, row label): each choice, and back from the rule to the form.
  const choices: [Partial<typeof noRepeat>, string, "due" | "completion", string][] = [
    [{ repeat: "daily" }, "FREQ=DAILY", "due", "Repeats every day"],
    [{ repeat: "weekdays" }, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "Repeats every weekday"],
    [
      { repeat: "weekly", repeat_days: "TH,MO" },
      "FREQ=WEEKLY;BYDAY=MO,TH",
      "due",
      "Repeats every Monday and Thursday",
    ],
    [{ repeat: "monthly" }, "FREQ=MONTHLY", "due", "Repeats every month"],
    [{ repeat: "yearly" }, "FREQ=YEARLY", "due", "Repeats every year"],
    [
      { repeat: "after-done", repeat_interval: "3" },
      "FREQ=DAILY;INTERVAL=3",
      "completion",
      "Repeats 3 days after done",
    ],
    [{ repeat: "after-done", repeat_interval: "1" }, "FREQ=DAILY", "completion", "Repeats 1 day after done"],
  ];

  it.each(choices)("%o is the rule %s from the %s, labelled “%s”", (choice, rule, from, label) => {
    process.env.TZ = "Europe/Paris";
    const values = { ...noRepeat, ...choice };
    expect(repeatContentOf(values)).toEqual({
      repeat_rule: rule,
      repeat_from: from,
      time_zone: "Europe/Paris",
    });
    const todo = { repeat_rule: rule, repeat_from: from };
    expect(repeatValuesOf(todo)).toEqual({
      ...values,
      repeat_days: choice.repeat === "weekly" ? "MO,TH" : "",
    });
    expect(describeRepeat(todo)).toBe(label);
  });

  it("reads quick capture's rules as the same choices", () => {
    const now = new Date(2026, 11, 4, 15, 0);
    const read = (text: string) => {
      const { repetition } = readQuickCapture(text, { now, language: "en" });
      return (
        repetition && repeatValuesOf({ repeat_rule: repetition.rule, repeat_from: repetition.from }).repeat
      );
    };
    expect(read("every monday standup")).toBe("weekly");
    expect(read("every weekday standup")).toBe("weekdays");
    expect(read("every 3 days after done water plants")).toBe("after-done");
  });

  it("leaves a rule it cannot edit as set, and says what it is", () => {
    const todo = { repeat_rule: "FREQ=MONTHLY;BYDAY=-1FR", repeat_from: "due" as const };
    expect(repeatValuesOf(todo).repeat).toBe("as-set");
    expect(repeatContentOf({ ...noRepeat, repeat: "as-set" })).toEqual({});
    expect(describeRepeat(todo)).toBe("Repeats every month on the last Friday");
    expect(describeRepeat({ repeat_rule: null, repeat_from: "due" })).toBeNull();
  });

  it("asks for a first due day, a day of the week and a whole number of days", () => {
    expect(repeatErrors({ ...noRepeat, due_date: "" })).toEqual({});
    expect(repeatErrors({ ...noRepeat, repeat: "daily", due_date: "" }).due_date).toMatch(/needs one/);
    expect(repeatErrors({ ...noRepeat, repeat: "weekly", due_date: "2026-12-07" }).repeat_days).toBe(
      "Choose at least one day.",
    );
    for (const interval of ["0", "1.5", "", "1001", "x"])
      expect(
        repeatErrors({ ...noRepeat, repeat: "after-done", repeat_interval: interval, due_date: "2026-12-07" })
          .repeat_interval,
      ).toMatch(/whole number/);
  });
});

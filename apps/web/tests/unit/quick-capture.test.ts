import { afterEach, describe, expect, it } from "vitest";

import { type QuickCapture, readQuickCapture } from "@/app/(app)/todos/quick-capture";

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

type Expected = Partial<Omit<QuickCapture, "understood">> & { understood?: string[] };

// Friday 4 December 2026, 14:00 in Berlin.
const PHRASES: [language: string, typed: string, expected: Expected][] = [
  [
    "en-US",
    "pay rent tomorrow 9am #home !high",
    {
      title: "pay rent",
      due_date: "2026-12-05",
      due_time: "09:00",
      tags: ["home"],
      priority: "high",
      understood: ["tomorrow 9am", "#home", "!high"],
    },
  ],
  [
    "en-US",
    "every monday standup",
    {
      title: "standup",
      due_date: "2026-12-07",
      due_time: "",
      repetition: { rule: "FREQ=WEEKLY;BYDAY=MO", from: "due" },
      understood: ["every monday"],
    },
  ],
  ["en-US", "call mum in 2 hours", { title: "call mum", due_date: "2026-12-04", due_time: "16:00" }],
  ["en-US", "dentist next friday at 3pm", { title: "dentist", due_date: "2026-12-11", due_time: "15:00" }],
  [
    "en-US",
    "water the plants every 3 days after done",
    {
      title: "water the plants",
      due_date: "2026-12-04",
      repetition: { rule: "INTERVAL=3;FREQ=DAILY", from: "completion" },
      understood: ["every 3 days after done"],
    },
  ],
  // 9:00 has passed today, and the weekend is not a weekday: Monday.
  [
    "en-US",
    "standup every weekday at 9am",
    {
      title: "standup",
      due_date: "2026-12-07",
      due_time: "09:00",
      repetition: { rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", from: "due" },
    },
  ],
  [
    "en-US",
    "review budget every month on the 15th #work",
    {
      title: "review budget",
      due_date: "2026-12-15",
      tags: ["work"],
      repetition: { rule: "FREQ=MONTHLY;BYMONTHDAY=15", from: "due" },
    },
  ],
  [
    "en-US",
    "renew passport every year",
    { repetition: { rule: "FREQ=YEARLY", from: "due" }, due_date: "2026-12-04" },
  ],
  ["en-US", "dentist 3/4", { title: "dentist", due_date: "2027-03-04" }],
  ["en-GB", "dentist 3/4", { title: "dentist", due_date: "2027-04-03" }],
  ["de-DE", "Zahnarzt morgen um 9 Uhr", { title: "Zahnarzt", due_date: "2026-12-05", due_time: "09:00" }],
  [
    "fr-FR",
    "appeler maman demain à 18h",
    { title: "appeler maman", due_date: "2026-12-05", due_time: "18:00" },
  ],
  [
    "en-US",
    "buy milk",
    { title: "buy milk", due_date: "", tags: [], priority: null, repetition: null, understood: [] },
  ],
  [
    "en-US",
    "email #work then #work again !low",
    { title: "email then again", tags: ["work"], priority: "low" },
  ],
  ["en-US", "fix !urgent bug", { title: "fix !urgent bug", priority: null, understood: [] }],
  ["en-US", "every everything", { title: "every everything", repetition: null }],
  // Nothing would be left of the title: all of it is the title.
  ["en-US", "tomorrow", { title: "tomorrow", due_date: "", understood: [] }],
];

describe("readQuickCapture", () => {
  it.each(PHRASES)("[%s] %s", (language, typed, expected) => {
    process.env.TZ = "Europe/Berlin";
    const read = readQuickCapture(typed, { now: new Date(2026, 11, 4, 14, 0), language });
    const { understood, ...fields } = expected;
    expect(read).toMatchObject(fields);
    if (understood) expect(read.understood.map((phrase) => phrase.text)).toEqual(understood);
  });

  it("keeps a phrase the person chose to keep as text in the title", () => {
    process.env.TZ = "Europe/Berlin";
    const read = readQuickCapture("pay rent tomorrow 9am #home", {
      now: new Date(2026, 11, 4, 14, 0),
      language: "en-US",
      keptAsText: new Set(["tomorrow 9am"]),
    });
    expect(read).toMatchObject({ title: "pay rent tomorrow 9am", due_date: "", tags: ["home"] });
  });

  it("leaves the kinds of phrase it is not asked to understand in the title", () => {
    process.env.TZ = "Europe/Berlin";
    const read = readQuickCapture("standup every monday #work", {
      now: new Date(2026, 11, 4, 14, 0),
      language: "en-US",
      understands: new Set(["tag"]),
    });
    expect(read).toMatchObject({
      title: "standup every monday",
      repetition: null,
      due_date: "",
      tags: ["work"],
    });
  });

  it.each(["every hour", "every day for 3 times", "every week until january 1, 2030", "every january"])(
    "leaves a rhythm the API would refuse as a todo's in the title: %s",
    (phrase) => {
      process.env.TZ = "Europe/Berlin";
      const read = readQuickCapture(`stretch ${phrase}`, {
        now: new Date(2026, 11, 4, 14, 0),
        language: "en-US",
      });
      expect(read.repetition).toBeNull();
      expect(read.title).toContain("every");
    },
  );

  it("reads days in the person's time zone, not the server's or UTC's", () => {
    // 22:30 UTC on the 4th is 07:30 on the 5th in Tokyo: tomorrow there is the 6th.
    process.env.TZ = "Asia/Tokyo";
    const read = readQuickCapture("call the office tomorrow", {
      now: new Date("2026-12-04T22:30:00Z"),
      language: "en-US",
    });
    expect(read).toMatchObject({ title: "call the office", due_date: "2026-12-06" });
  });
});

import { daysFromNow, type NewTodo } from "./accounts";

/** A dozen todos as a person has them: some due (one overdue), tagged, with a description, one done. */
export const EVERYDAY_TODOS: NewTodo[] = [
  { title: "Clean the gutters", priority: "low", tags: ["home"] },
  { title: "Renew car insurance", priority: "high", due_at: daysFromNow(9), tags: ["admin", "car"] },
  {
    title: "Draft the quarterly report",
    description: "Numbers from the finance sheet, charts from last quarter.",
    priority: "high",
    due_at: daysFromNow(4),
    tags: ["work"],
  },
  { title: "Return the library books", priority: "medium", due_at: daysFromNow(2), tags: ["errands"] },
  { title: "Schedule a dentist check-up", priority: "low", due_at: daysFromNow(20), tags: ["health"] },
  { title: "Read chapter 4 for the book club", priority: "low" },
  { title: "Buy a birthday present for Sam", priority: "medium", due_at: daysFromNow(5), tags: ["shopping"] },
  {
    title: "Call the plumber about the leak",
    description: "Under the kitchen sink; ask for a quote first.",
    priority: "medium",
    due_at: daysFromNow(1),
    tags: ["home"],
  },
  { title: "Water the plants", priority: "low", tags: ["home"], completed: true },
  { title: "Book flights to Lisbon", priority: "medium", due_at: daysFromNow(12), tags: ["travel"] },
  { title: "Pay the electricity bill", priority: "high", due_at: daysFromNow(-1), tags: ["admin"] },
  {
    title: "Renew the passport",
    description: "Photos are in the desk drawer.",
    priority: "high",
    due_at: daysFromNow(3),
    tags: ["travel", "admin"],
  },
];

import type { SelectOption } from "@/components/form-fields";
import {
  PRIORITIES,
  type Priority,
  type SortOrder,
  TODO_STATUSES,
  type TodoSortKey,
  type TodoStatus,
} from "@/lib/api-client";

export const PRIORITY_LABELS: Record<Priority, string> = { low: "Low", medium: "Medium", high: "High" };

export const PRIORITY_OPTIONS: readonly SelectOption[] = PRIORITIES.map((priority) => ({
  value: priority,
  label: PRIORITY_LABELS[priority],
}));

const STATUS_LABELS: Record<TodoStatus, string> = { all: "All", active: "Active", completed: "Completed" };

export const STATUS_OPTIONS: readonly { value: TodoStatus; label: string }[] = TODO_STATUSES.map(
  (status) => ({
    value: status,
    label: STATUS_LABELS[status],
  }),
);

/** Each sort with its natural order first, and each order named the way people say it for that sort. */
export const SORTS: Record<
  TodoSortKey,
  { label: string; orders: readonly [SortOrder, SortOrder]; orderLabels: Record<SortOrder, string> }
> = {
  created: {
    label: "Date added",
    orders: ["desc", "asc"],
    orderLabels: { desc: "Newest first", asc: "Oldest first" },
  },
  due: {
    label: "Due date",
    orders: ["asc", "desc"],
    orderLabels: { asc: "Soonest first", desc: "Latest first" },
  },
  priority: {
    label: "Priority",
    orders: ["desc", "asc"],
    orderLabels: { desc: "Highest first", asc: "Lowest first" },
  },
  title: { label: "Title", orders: ["asc", "desc"], orderLabels: { asc: "A to Z", desc: "Z to A" } },
};

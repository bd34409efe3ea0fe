import { useQuery } from "@tanstack/react-query";

import { getTodoCounts, type ListTodoCounts, listLists, type Role, type TodoList } from "@/lib/api-client";

import { ALL_LISTS, todoKeys } from "./use-todo-list";

/**
 * How often an open page asks again for what other members may have changed, while someone else is
 * in one of the person's lists or invited to one: the lists (to see one shared with the person, or
 * taken away), and the todos shown when their list is shared. Polling rather than server-sent events:
 * see docs/architecture.md, "Decisions".
 */
export const LIVE_REFRESH_MS = 4_000;
/** With nobody else in or invited to any list, the lists are asked for again this seldom, and on focus. */
export const QUIET_REFRESH_MS = 60_000;

export const listKeys = {
  all: ["lists"] as const,
  members: (listId: string) => ["lists", listId, "members"] as const,
};

const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/** Whether `role` is at least `least`, as the API ranks them (viewer < editor < owner). */
export function hasRole(role: Role, least: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}

export function isShared(list: TodoList): boolean {
  return list.member_count > 1;
}

/** Whether someone else is in the list, or invited to it, and so may change it any moment. */
function mayChangeElsewhere(list: TodoList): boolean {
  return isShared(list) || list.open_invitation_count > 0;
}

/** The person's lists, in their order, kept fresh while the page is open and visible. */
export function useLists() {
  return useQuery({
    queryKey: listKeys.all,
    queryFn: listLists,
    refetchInterval: (query) =>
      query.state.data?.some(mayChangeElsewhere) ? LIVE_REFRESH_MS : QUIET_REFRESH_MS,
    refetchOnWindowFocus: true,
  });
}

/** Each list's counts, by list id, from one count of all the person's lists (empty until it has come). */
export function useListCounts(): Map<string, ListTodoCounts> {
  const counts = useQuery({ queryKey: todoKeys.counts(ALL_LISTS), queryFn: () => getTodoCounts() });
  return new Map(counts.data?.lists.map((list) => [list.list_id, list] as const));
}

import { useQueries, useQuery } from "@tanstack/react-query";

import { getTodoCounts, listLists, type Role, type TodoList } from "@/lib/api-client";

import { todoKeys } from "./use-todo-list";

/**
 * How often an open page asks again for what other members may have changed: its lists always (to
 * see a list shared with the person, or taken away), the todos shown only when someone else is in
 * their list. Polling rather than server-sent events: see docs/architecture.md, "Decisions".
 */
export const LIVE_REFRESH_MS = 4_000;

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

/** The person's lists, in their order, kept fresh while the page is open and visible. */
export function useLists() {
  return useQuery({ queryKey: listKeys.all, queryFn: listLists, refetchInterval: LIVE_REFRESH_MS });
}

/** Each list's active todos, by list id (missing until its count has come). */
export function useActiveCounts(lists: readonly TodoList[]): Map<string, number> {
  const counts = useQueries({
    queries: lists.map((list) => ({
      queryKey: todoKeys.counts(list.id),
      queryFn: () => getTodoCounts(list.id),
    })),
  });
  return new Map(
    lists.flatMap((list, index) => {
      const active = counts[index]?.data?.active;
      return active === undefined ? [] : [[list.id, active] as const];
    }),
  );
}

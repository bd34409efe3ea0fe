import { PRIORITIES, SORT_KEYS, type SortOrder, TODO_STATUSES } from "@/lib/api-client";

import { DUE_VIEWS } from "./due-views";
import { DEFAULT_QUERY, type ListQuery } from "./use-todo-list";

const ORDERS: readonly SortOrder[] = ["asc", "desc"];

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The list's search, filters and sort from a page address; anything unknown falls back to the default. */
export function queryFromSearch(params: URLSearchParams): ListQuery {
  return {
    list: params.get("list") ?? DEFAULT_QUERY.list,
    q: params.get("q") ?? DEFAULT_QUERY.q,
    status: oneOf(params.get("status"), TODO_STATUSES, DEFAULT_QUERY.status),
    priority: oneOf(params.get("priority"), PRIORITIES, "") || DEFAULT_QUERY.priority,
    tag: params.get("tag") ?? DEFAULT_QUERY.tag,
    sort: oneOf(params.get("sort"), SORT_KEYS, DEFAULT_QUERY.sort),
    order: oneOf(params.get("order"), ORDERS, DEFAULT_QUERY.order),
    view: oneOf(params.get("view"), DUE_VIEWS, "") || DEFAULT_QUERY.view,
  };
}

/** The address's query string for the list: only what differs from the defaults ("" when nothing does). */
export function searchOfQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const name of Object.keys(DEFAULT_QUERY) as (keyof ListQuery)[]) {
    if (query[name] !== DEFAULT_QUERY[name]) params.set(name, query[name]);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

import { useCallback, useEffect, useRef, useState } from "react";

import {
  errorMessage,
  listTodos,
  type Priority,
  type SortOrder,
  type Todo,
  type TodoSortKey,
  type TodoStatus,
} from "@/lib/api-client";

const PAGE_SIZE = 20;
// The API's largest page.
const MAX_PAGE_SIZE = 100;

/** What the filter bar edits; empty text and "" priority mean "no filter". */
export interface ListQuery {
  q: string;
  status: TodoStatus;
  priority: Priority | "";
  tag: string;
  sort: TodoSortKey;
  order: SortOrder;
}

export const DEFAULT_QUERY: ListQuery = {
  q: "",
  status: "all",
  priority: "",
  tag: "",
  sort: "created",
  order: "desc",
};

/** Whether the query hides some todos (sorting does not). */
export function narrowsList({ q, status, priority, tag }: ListQuery): boolean {
  return Boolean(q.trim() || tag.trim() || priority || status !== "all");
}

type Phase = "loading" | "ready" | "failed";

/**
 * The todos matching `query`, page by page, plus local edits so that a change shows at once. Answers
 * to an older query are dropped, so fast typing in the search box cannot show stale results.
 */
export function useTodoList(query: ListQuery) {
  const [items, setItems] = useState<Todo[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const latestRequest = useRef(0);

  /** A page from `cursor` (null: the top), `limit` long; its todos, or null when it failed or came too late. */
  const fetchPage = useCallback(
    async (cursor: string | null, limit = PAGE_SIZE): Promise<Todo[] | null> => {
      const request = ++latestRequest.current;
      setLoadError(null);
      if (cursor) setLoadingMore(true);
      else setPhase("loading");
      try {
        const page = await listTodos({
          ...query,
          priority: query.priority || undefined,
          limit,
          cursor: cursor ?? undefined,
        });
        if (request !== latestRequest.current) return null;
        setItems((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.next_cursor);
        setPhase("ready");
        return page.items;
      } catch (error) {
        if (request !== latestRequest.current) return null;
        setLoadError(errorMessage(error));
        // A failed "load more" keeps the todos already shown.
        if (!cursor) setPhase("failed");
        return null;
      } finally {
        if (request === latestRequest.current) setLoadingMore(false);
      }
    },
    [query],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const replace = (todo: Todo) =>
    setItems((current) => current.map((item) => (item.id === todo.id ? todo : item)));

  /** Takes a todo out of the list; the returned function puts it back where it was. */
  const remove = (todo: Todo) => {
    const position = Math.max(
      items.findIndex((item) => item.id === todo.id),
      0,
    );
    setItems((current) => current.filter((item) => item.id !== todo.id));
    return () =>
      setItems((current) =>
        current.some((item) => item.id === todo.id)
          ? current
          : [...current.slice(0, position), todo, ...current.slice(position)],
      );
  };

  return {
    items,
    nextCursor,
    phase,
    loadError,
    loadingMore,
    reload: () => fetchPage(null),
    /** The list from the top again, as long as it is now and one more, so no loaded page is lost. */
    refresh: () => fetchPage(null, Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, items.length + 1))),
    loadMore: () => fetchPage(nextCursor),
    replace,
    remove,
  };
}

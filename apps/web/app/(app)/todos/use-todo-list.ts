import { type InfiniteData, keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";

import {
  errorMessage,
  listTodos,
  type Priority,
  type SortOrder,
  type Todo,
  type TodoFilters,
  type TodoSortKey,
  type TodoStatus,
  type TodosPage,
} from "@/lib/api-client";
import { type DueView, dueWindow } from "./due-views";

const PAGE_SIZE = 20;

/** What the filter bar edits, and the list shown ("": all the user's lists); empty text and "" priority mean "no filter". */
export interface ListQuery {
  list: string;
  q: string;
  status: TodoStatus;
  priority: Priority | "";
  tag: string;
  sort: TodoSortKey;
  order: SortOrder;
  /** Today or Upcoming: the active todos due in that window, soonest first, whatever the list. */
  view: DueView | "";
}

/** `ListQuery.list` for all the user's lists. */
export const ALL_LISTS = "";

export const DEFAULT_QUERY: ListQuery = {
  list: ALL_LISTS,
  q: "",
  status: "all",
  priority: "",
  tag: "",
  sort: "created",
  order: "desc",
  view: "",
};

/** The cache keys of the todo pages' server state; a change invalidates `all`, so each is asked again. */
export const todoKeys = {
  all: ["todos"] as const,
  list: (query: ListQuery) => ["todos", "list", query] as const,
  allCounts: ["todos", "counts"] as const,
  counts: (list: string) => ["todos", "counts", list] as const,
  tags: ["todos", "tags"] as const,
};

/** Whether the query hides some todos (sorting does not). */
export function narrowsList({ q, status, priority, tag, view }: ListQuery): boolean {
  return Boolean(q.trim() || tag.trim() || priority || status !== "all" || view);
}

/** What `GET /api/todos` is asked for one page of `query`'s list: the first one when `cursor` is null. */
export function pageFilters({ list, view, ...query }: ListQuery, cursor: string | null): TodoFilters {
  return {
    ...query,
    ...(view && { ...dueWindow(view), status: "active", sort: "due", order: "asc" }),
    list_id: list || undefined,
    priority: query.priority || undefined,
    limit: PAGE_SIZE,
    cursor: cursor ?? undefined,
  };
}

type Pages = InfiniteData<TodosPage>;

function itemsOf(data: Pages | undefined): Todo[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/**
 * The todos matching `query`, page by page (each query its own cache entry, so an answer to an older
 * query never shows), plus local edits of the cached pages so that a change shows at once.
 */
export function useTodoList(query: ListQuery, refetchInterval: number | false = false) {
  const queryClient = useQueryClient();
  const queryKey = todoKeys.list(query);
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => listTodos(pageFilters(query, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // A new search or filter dims the todos shown until its answer replaces them.
    placeholderData: keepPreviousData,
    // Other members' changes to a shared list (see useLiveRefresh).
    refetchInterval,
  });

  const editPages = (edit: (items: Todo[], pageIndex: number) => Todo[]) =>
    queryClient.setQueryData<Pages>(
      queryKey,
      (data) =>
        data && {
          ...data,
          pages: data.pages.map((page, index) => ({ ...page, items: edit(page.items, index) })),
        },
    );

  const replace = (todo: Todo) =>
    editPages((items) => items.map((item) => (item.id === todo.id ? todo : item)));

  /** Takes a todo out of the list; the returned function puts it back where it was. */
  const remove = (todo: Todo) => {
    const pages = list.data?.pages ?? [];
    const pageIndex = Math.max(
      pages.findIndex((page) => page.items.some((item) => item.id === todo.id)),
      0,
    );
    const position = Math.max(pages[pageIndex]?.items.findIndex((item) => item.id === todo.id) ?? 0, 0);
    editPages((items) => items.filter((item) => item.id !== todo.id));
    return () => {
      if (itemsOf(queryClient.getQueryData<Pages>(queryKey)).some((item) => item.id === todo.id)) return;
      editPages((items, index) =>
        index === pageIndex ? [...items.slice(0, position), todo, ...items.slice(position)] : items,
      );
    };
  };

  // A failed "load more" keeps the todos already shown; a failed first load or refresh does not.
  const phase: "loading" | "ready" | "failed" =
    list.isError && !list.isFetchNextPageError
      ? "failed"
      : list.isFetching && !list.isFetchingNextPage
        ? "loading"
        : "ready";
  return {
    items: itemsOf(list.data),
    hasMore: list.hasNextPage,
    phase,
    loadError: list.error ? errorMessage(list.error) : null,
    loadingMore: list.isFetchingNextPage,
    reload: () => list.refetch(),
    loadMore: () => list.fetchNextPage(),
    /**
     * Every todo query asked again (the loaded pages each from the fresh one before, so none is lost);
     * the list's todos, or null when they could not be had.
     */
    refresh: async (): Promise<Todo[] | null> => {
      await queryClient.invalidateQueries({ queryKey: todoKeys.all });
      const state = queryClient.getQueryState<Pages>(queryKey);
      return state?.status === "success" ? itemsOf(state.data) : null;
    },
    replace,
    remove,
  };
}

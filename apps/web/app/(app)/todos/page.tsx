import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";

import { type TodosPage as ListPage, type TodoCounts, type TodoList, todosQuery } from "@/lib/api-client";
import { readApi } from "@/lib/server/read-api";

import { requireSession } from "../current-session";
import { queryFromSearch } from "./list-query-url";
import { TodosWithLists } from "./todos-with-lists";
import { listKeys } from "./use-lists";
import { ALL_LISTS, pageFilters, todoKeys } from "./use-todo-list";

export const metadata: Metadata = { title: "Todos" };

export default async function TodosPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession("/todos");
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === "string") params.set(name, value);
  // The first page of the list and the counts come with the HTML, under the keys the dashboard asks
  // for; a read that fails is left out, and the browser asks for it as it would without this.
  const query = queryFromSearch(params);
  const queryClient = new QueryClient();
  await Promise.all([
    // Not Today or Upcoming: their days are the browser's, whose time zone the server does not know.
    query.view === "" &&
      queryClient.prefetchInfiniteQuery({
        queryKey: todoKeys.list(query),
        queryFn: () => readApi<ListPage>(session, "/v1/todos", todosQuery(pageFilters(query, null))),
        initialPageParam: null as string | null,
      }),
    // The counts of the list shown and, for the side bar, of each of the user's lists (one answer when
    // all of them are shown).
    ...[...new Set([query.list, ALL_LISTS])].map((list) =>
      queryClient.prefetchQuery({
        queryKey: todoKeys.counts(list),
        queryFn: () =>
          readApi<TodoCounts>(session, "/v1/todos/counts", todosQuery({ list_id: list || undefined })),
      }),
    ),
    queryClient.prefetchQuery({
      queryKey: listKeys.all,
      queryFn: async () => (await readApi<{ items: TodoList[] }>(session, "/v1/lists")).items,
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TodosWithLists userId={session.user.id} search={params.toString()} />
    </HydrationBoundary>
  );
}

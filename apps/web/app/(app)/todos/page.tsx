import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";

import { type TodosPage as ListPage, type TodoCounts, todosQuery } from "@/lib/api-client";
import { readApi } from "@/lib/server/read-api";

import { requireSession } from "../current-session";
import { queryFromSearch } from "./list-query-url";
import { TodoDashboard } from "./todo-dashboard";
import { pageFilters, todoKeys } from "./use-todo-list";

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
    queryClient.prefetchInfiniteQuery({
      queryKey: todoKeys.list(query),
      queryFn: () => readApi<ListPage>(session, "/v1/todos", todosQuery(pageFilters(query, null))),
      initialPageParam: null as string | null,
    }),
    queryClient.prefetchQuery({
      queryKey: todoKeys.counts,
      queryFn: () => readApi<TodoCounts>(session, "/v1/todos/counts"),
    }),
  ]);
  return (
    <div className="space-y-6">
      {/* The page's title for screen readers; shown, it would sit right above the list's "Your todos". */}
      <h1 className="sr-only">Todos</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <TodoDashboard userId={session.user.id} search={params.toString()} />
      </HydrationBoundary>
    </div>
  );
}

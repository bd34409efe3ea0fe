import type { Metadata } from "next";

import { requireSession } from "../current-session";
import { TodoDashboard } from "./todo-dashboard";

export const metadata: Metadata = { title: "Todos" };

export default async function TodosPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireSession("/todos");
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === "string") params.set(name, value);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Todos</h1>
      <TodoDashboard userId={user.id} search={params.toString()} />
    </div>
  );
}

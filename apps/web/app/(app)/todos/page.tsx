import type { Metadata } from "next";

import { requireSession } from "../current-session";
import { TodoDashboard } from "./todo-dashboard";

export const metadata: Metadata = { title: "Todos" };

export default async function TodosPage() {
  const { user } = await requireSession("/todos");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Todos</h1>
      <TodoDashboard userId={user.id} />
    </div>
  );
}

import { forward, notFound, todoPath } from "@/lib/server/bff";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

async function forwardToTodo(request: Request, { params }: Context) {
  const path = todoPath((await params).id);
  return path ? forward(request, path) : notFound(request);
}

export { forwardToTodo as GET, forwardToTodo as PATCH, forwardToTodo as DELETE };

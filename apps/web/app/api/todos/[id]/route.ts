import { forwardedRoute } from "@/lib/server/forward-to-api";

import { todoApiPath } from "../todo-api-path";

export const dynamic = "force-dynamic";

const toTodo = forwardedRoute<{ id: string }>(({ id }) => todoApiPath(id));

export { toTodo as GET, toTodo as PATCH, toTodo as DELETE };

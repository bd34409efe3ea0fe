import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toTodos = forwardedRoute(() => "/v1/todos");

export { toTodos as GET, toTodos as POST };

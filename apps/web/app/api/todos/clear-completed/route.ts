import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toClearCompleted = forwardedRoute(() => "/v1/todos/clear-completed");

export { toClearCompleted as POST };

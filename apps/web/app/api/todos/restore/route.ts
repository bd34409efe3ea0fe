import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toRestore = forwardedRoute(() => "/v1/todos/restore");

export { toRestore as POST };

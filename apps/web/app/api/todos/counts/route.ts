import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toCounts = forwardedRoute(() => "/v1/todos/counts");

export { toCounts as GET };

import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toTags = forwardedRoute(() => "/v1/todos/tags");

export { toTags as GET };

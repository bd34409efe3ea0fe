import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

const toLists = forwardedRoute(() => "/v1/lists");

export { toLists as GET, toLists as POST };

import { bffRoute } from "@/lib/server/bff-route";
import { forwardToApi } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

/** The todos as CSV, passed on as the API writes them. */
export const GET = bffRoute((call) => forwardToApi(call, "/v1/export/csv", { stream: true }));

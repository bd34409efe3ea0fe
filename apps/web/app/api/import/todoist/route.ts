import { IMPORT_MAX_BYTES } from "@/lib/import-limits";
import { bffRoute } from "@/lib/server/bff-route";
import { forwardToApi } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

/** A Todoist CSV, read bounded and sent on as it came, into the caller's Inbox. */
export const POST = bffRoute(
  (call) => forwardToApi(call, "/v1/import/todoist", { contentType: "text/csv" }),
  { maxBodyBytes: IMPORT_MAX_BYTES },
);

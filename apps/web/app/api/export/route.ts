import { accountForExport } from "@/lib/server/account-export";
import { getDatabasePool } from "@/lib/server/auth";
import { bffRoute } from "@/lib/server/bff-route";
import { forwardToApi } from "@/lib/server/forward-to-api";
import { securityEventsForExport } from "@/lib/server/security-activity";

export const dynamic = "force-dynamic";

/** What the export's first line names, so that a reader of the file knows what it holds. */
const FORMAT = { format: "todo-app export", version: 1 };

/**
 * "Export all my data" as one JSON object: the web app's part (account, security events) first, then
 * the API's `{lists, todos}` passed on as it streams in, its opening brace replaced by this object's
 * members so that the whole is one flat object.
 */
export const GET = bffRoute(async (call) => {
  const answer = await forwardToApi(call, "/v1/export", { stream: true });
  if (answer.status !== 200 || !answer.body) return answer;
  const apiPart = answer.body;
  const [account, securityEvents] = await Promise.all([
    accountForExport(call),
    securityEventsForExport(getDatabasePool(), call.session.user.id),
  ]).catch(async (error: unknown) => {
    await apiPart.cancel(); // frees the API's connection before the failure becomes a 500 problem
    throw error;
  });
  const head = JSON.stringify({
    ...FORMAT,
    exported_at: new Date().toISOString(),
    account,
    security_events: securityEvents,
  });
  const encoder = new TextEncoder();
  let opened = false;
  const merged = apiPart.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (!opened && chunk.length > 0) {
          opened = true;
          if (chunk[0] !== "{".charCodeAt(0)) throw new Error("the API's export is not a JSON object");
          controller.enqueue(encoder.encode(`${head.slice(0, -1)}, `));
          controller.enqueue(chunk.subarray(1));
        } else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(merged, { status: 200, headers: answer.headers });
});

import { Agent, type Dispatcher, request } from "undici";

/**
 * The floor of any route-handler BFF: the call forwarded to the API's `/v1/todos` with the token the
 * caller sent, through undici's `request` on kept-alive connections, and nothing else (no session,
 * no CSRF, no metrics, no log). Benchmark-only: bench_whole_path.py builds a copy of the app with it.
 */
export const dynamic = "force-dynamic";

const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });

async function forward(incoming: Request): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: incoming.headers.get("authorization") ?? "",
    accept: "application/json",
  };
  const body = incoming.method === "POST" ? new Uint8Array(await incoming.arrayBuffer()) : undefined;
  if (body) headers["content-type"] = "application/json";
  const answer = await request(`${process.env.API_URL}/v1/todos`, {
    method: incoming.method as Dispatcher.HttpMethod,
    headers,
    body,
    dispatcher: agent,
  });
  const contentType = answer.headers["content-type"];
  return new Response(await answer.body.arrayBuffer(), {
    status: answer.statusCode,
    headers: typeof contentType === "string" ? { "content-type": contentType } : {},
  });
}

export { forward as GET, forward as POST };

import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

/** Public: "ready or not" only. What is wrong goes to the server's log (lib/server/readiness.ts). */
export async function GET() {
  const { ready } = await readiness();
  return Response.json({ ready }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}

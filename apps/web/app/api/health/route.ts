import { checkReadiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkReadiness();
  return Response.json(report, {
    status: report.ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}

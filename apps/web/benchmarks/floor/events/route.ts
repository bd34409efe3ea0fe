import { bffRoute } from "@/lib/server/bff-route";

// Benchmark only (bench_live_updates.py): an idle server-sent-events stream through the BFF's guard,
// a comment line every 15 s to keep proxies from closing it; what an open page costs while nothing changes.
export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export const GET = bffRoute(async () => {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(": open\n\n"));
      heartbeat = setInterval(() => controller.enqueue(encoder.encode(": heartbeat\n\n")), HEARTBEAT_MS);
    },
    cancel() {
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
  });
});

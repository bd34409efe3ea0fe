import "server-only";

import type { Attributes } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

/**
 * Traces with OpenTelemetry, off unless an OTLP endpoint is set by the standard variables (as the API
 * reads them): server.mjs opens a span per request, Next.js adds its own under it, and undici's
 * instrumentation adds one per call to the API and sends W3C `traceparent` with it, so the API's spans
 * join the same trace. OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER and the rest apply as the SDK reads them.
 */
export function startTracing(): void {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!endpoint || process.env.OTEL_SDK_DISABLED === "true") return;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || "todo-web" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Sets the global tracer, the AsyncLocalStorage context and the W3C propagator, which Next.js uses too.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new UndiciInstrumentation({ startSpanHook: withoutQuery })],
  });
}

/** A call's URL without its query, which can carry what a person searched for. */
function withoutQuery(request: { origin: string; path: string }): Attributes {
  const url = new URL(request.path, request.origin);
  return { "url.full": `${url.origin}${url.pathname}`, "url.query": undefined };
}

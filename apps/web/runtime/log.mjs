// @ts-check
/**
 * The web app's log: one JSON object per line on stdout (timestamp, level, service, pid, message, and fixed
 * fields, named as the API names them so that both services' lines read alike),
 * through pino without transports, so no worker thread. server.mjs imports this file as it is and the
 * route handlers get a bundled copy, so the logger lives on the process's globals, created once.
 * Callers pass only fixed fields: never a request's headers or body, a token, a cookie or an email.
 */
import { randomUUID } from "node:crypto";
import { format, stripVTControlCharacters } from "node:util";
import { trace } from "@opentelemetry/api";
import pino from "pino";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The client's X-Request-ID when it is well formed (safe to log and forward), else a new UUID.
 * @param {string | string[] | null | undefined} incoming
 * @returns {string}
 */
export function requestIdFrom(incoming) {
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The current trace's id (`trace_id`, 32 hex digits, as the API logs it) while a span is active. */
function traceOfCurrentSpan() {
  const span = trace.getActiveSpan();
  return span ? { trace_id: span.spanContext().traceId } : {};
}

function createLogger() {
  return pino({
    base: { service: "todo-web", pid: process.pid },
    messageKey: "message",
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label.toUpperCase() }) },
    mixin: traceOfCurrentSpan,
  });
}

const processGlobals = /** @type {{ [LOGGER_KEY]?: ReturnType<typeof createLogger> }} */ (
  /** @type {unknown} */ (globalThis)
);
const LOGGER_KEY = Symbol.for("todo-web.log");
processGlobals[LOGGER_KEY] ??= createLogger();

/** The process's one logger. */
export const log = processGlobals[LOGGER_KEY];

/** @type {Record<"debug" | "log" | "info" | "warn" | "error", "debug" | "info" | "warn" | "error">} */
const CONSOLE_LEVELS = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" };

/**
 * Turns what Next.js and libraries print through `console` into log lines too, so that stdout holds
 * only JSON; their own colours are dropped.
 */
export function routeConsoleToLog() {
  for (const [
    method,
    level,
  ] of /** @type {[keyof typeof CONSOLE_LEVELS, "debug" | "info" | "warn" | "error"][]} */ (
    Object.entries(CONSOLE_LEVELS)
  )) {
    console[method] = (/** @type {unknown[]} */ ...args) =>
      log[level](stripVTControlCharacters(format(...args)).trim());
  }
}

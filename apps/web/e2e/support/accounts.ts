import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";

import { type APIRequestContext, expect, type Page } from "@playwright/test";

/** Better Auth's session cookie (with `__Host-` in front on an https origin). */
export const SESSION_COOKIE = "better-auth.session_token";

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

/** A user no test has used before: tests never share accounts, so they cannot disturb each other. */
export function newCredentials(label = "user", name?: string): Credentials {
  const id = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  return {
    // Unique too, so that finding the name on a page proves whose page it is.
    name: name ?? `E2E ${label} ${id.slice(-8)}`,
    email: `e2e-${label}-${id}@example.test`,
    password: `pw-${randomBytes(8).toString("hex")}`,
  };
}

/**
 * Calls Better Auth's HTTP API the way its browser client does. Through `context.request` the
 * session cookie lands in that browser context, so this also signs the browser in: faster than the
 * form for tests about something else. The Origin header is what a browser would send.
 */
async function authCall(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  data: object,
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await request.post(`${baseURL}/api/auth${path}`, {
    data,
    headers: { Origin: baseURL, ...headers },
  });
  expect(response.status(), `POST /api/auth${path}: ${await response.text()}`).toBe(200);
}

/** `headers` as a browser would add them: its User-Agent, for a sign-up that a browser's sign-ins follow. */
export function signUpThroughApi(
  request: APIRequestContext,
  baseURL: string,
  { name, email, password }: Credentials,
  headers?: Record<string, string>,
) {
  return authCall(request, baseURL, "/sign-up/email", { name, email, password }, headers);
}

export function signInThroughApi(
  request: APIRequestContext,
  baseURL: string,
  { email, password }: Credentials,
) {
  return authCall(request, baseURL, "/sign-in/email", { email, password });
}

/**
 * A Better Auth call sent from `localAddress` (127.0.0.2, 127.0.0.3 …: distinct clients on loopback, as
 * the web server sees them), with the Origin a browser would send and `cookie` if given; its status,
 * code and headers.
 */
export function authCallFrom(
  localAddress: string,
  baseURL: string,
  path: string,
  data: object,
  cookie?: string,
): Promise<{ status: number; code: string | null; headers: Record<string, string | string[] | undefined> }> {
  const body = JSON.stringify(data);
  const url = new URL(`/api/auth${path}`, baseURL);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: {
          "content-type": "application/json",
          origin: baseURL,
          "content-length": Buffer.byteLength(body),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => {
          const parsed = text ? (JSON.parse(text) as { code?: string } | null) : null;
          resolve({
            status: response.statusCode ?? 0,
            code: parsed?.code ?? null,
            headers: response.headers,
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

export interface NewTodo {
  title: string;
  description?: string | null;
  priority?: "low" | "medium" | "high";
  due_at?: string | null;
  due_date?: string | null;
  tags?: string[];
  /** An RFC 5545 rule ("FREQ=WEEKLY;BYDAY=MO") and the IANA zone it is counted in. */
  repeat_rule?: string | null;
  time_zone?: string | null;
  completed?: boolean;
}

export interface StoredTodo extends Required<NewTodo> {
  id: string;
}

export interface BffAnswer {
  status: number;
  body: unknown;
}

/**
 * A call to the backend-for-frontend from inside the page, exactly as the app's own code makes it
 * (same origin, cookies, and the X-CSRF header unless `csrf: false`).
 */
export async function fetchFromPage(
  page: Page,
  path: string,
  { method = "GET", body, csrf = true }: { method?: string; body?: unknown; csrf?: boolean } = {},
): Promise<BffAnswer> {
  return page.evaluate(
    async ({ path, method, body, csrf }) => {
      const headers: Record<string, string> = { Accept: "application/json" };
      if (csrf) headers["X-CSRF"] = "1";
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    { path, method, body, csrf },
  );
}

/** Creates todos through the BFF (the page must be on the app's origin and signed in). */
export async function seedTodos(page: Page, todos: NewTodo[]): Promise<StoredTodo[]> {
  const created: StoredTodo[] = [];
  // One at a time: the list's default order is by creation time.
  for (const todo of todos) {
    const { status, body } = await fetchFromPage(page, "/api/todos", { method: "POST", body: todo });
    expect(status, `creating ${todo.title}: ${JSON.stringify(body)}`).toBe(201);
    created.push(body as StoredTodo);
  }
  return created;
}

/** A date-time `days` from now, as the API takes it. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
}

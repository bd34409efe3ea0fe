import { request as httpRequest } from "node:http";

import { expect, test, testWithOwnApi } from "./fixtures";
import { SESSION_COOKIE } from "./support/accounts";

/**
 * Work before authentication is bounded: the BFF checks the session before it reads a body and reads
 * at most 64 KB, Better Auth's own routes get the same cap, and the public health check cannot be
 * driven into "not ready" by anyone who calls it.
 */

const BODY_BYTES = 64 * 1024 * 1024;

interface EarlyAnswer {
  status: number;
  body: string;
  /** How much of the body had been handed to the socket when the answer arrived. */
  written: number;
}

/**
 * POSTs a chunked body of BODY_BYTES (no Content-Length to trust), writing only as fast as the server
 * reads, and stops writing once the answer arrives: a server that reads the whole body first answers
 * only after all of it was written.
 */
function postLargeBody(url: string, headers: Record<string, string>): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    let answered = false;
    const request = httpRequest(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (part: string) => {
        body += part;
      });
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, written });
      });
    });
    // The server may close the connection while the rest of the body is on its way.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const writeMore = () => {
      while (!answered && written < BODY_BYTES) {
        written += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", writeMore);
          return;
        }
      }
      if (!answered) request.end();
    };
    writeMore();
  });
}

/** The server answered `status` with problem `code` before the body had been sent in full. */
function expectEarlyProblem(answer: EarlyAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(JSON.parse(answer.body)).toMatchObject({ status, code });
  expect(answer.written, "the server read the whole body before answering").toBeLessThan(BODY_BYTES);
}

test.describe("Bounded work before authentication", () => {
  test("a write without a session is refused before its body is read", async ({ baseURL }) => {
    const answer = await postLargeBody(`${baseURL}/api/todos`, { "x-csrf": "1", origin: baseURL! });
    expectEarlyProblem(answer, 401, "unauthenticated");
  });

  test("a signed-in write larger than 64 KB gets 413, read no further than that", async ({
    baseURL,
    context,
    signedInUser,
  }) => {
    const session = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)!;
    const headers = { "x-csrf": "1", origin: baseURL!, cookie: `${SESSION_COOKIE}=${session.value}` };
    expectEarlyProblem(await postLargeBody(`${baseURL}/api/todos`, headers), 413, "body_too_large");
  });

  test("sign-in with a body larger than 64 KB gets 413 before Better Auth reads it", async ({ baseURL }) => {
    const answer = await postLargeBody(`${baseURL}/api/auth/sign-in/email`, { origin: baseURL! });
    expectEarlyProblem(answer, 413, "body_too_large");
  });

  testWithOwnApi(
    "/api/health says only ready or not, costs one check for a burst, and cannot be flipped by its own rate limit",
    async ({ request, api }) => {
      testWithOwnApi.setTimeout(60_000);
      // One API request per minute for each user, the health check's own user included.
      await api.start({ API_RATE_LIMIT: "1/minute" });
      await expect.poll(async () => (await request.get("/api/health")).status()).toBe(200);

      const checksBefore = await apiMetric(
        api.apiUrl,
        "todo_api_http_requests_total",
        'method="GET",handler="/v1/me"',
      );
      const burst = await Promise.all(Array.from({ length: 20 }, () => request.get("/api/health")));
      for (const health of burst) expect(await health.json()).toEqual({ ready: true });
      const checks =
        (await apiMetric(api.apiUrl, "todo_api_http_requests_total", 'method="GET",handler="/v1/me"')) -
        checksBefore;
      expect(checks, "20 requests at once should share the check in flight").toBeLessThanOrEqual(2);

      // Several times the verdict's lifetime: the check runs again and meets the limit.
      const rejectionsBefore = await apiMetric(api.apiUrl, "todo_api_rate_limit_rejections_total");
      for (let call = 0; call < 20; call += 1) {
        const health = await request.get("/api/health");
        expect(health.status()).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(
        await apiMetric(api.apiUrl, "todo_api_rate_limit_rejections_total"),
        "the health check never met its limit",
      ).toBeGreaterThan(rejectionsBefore);
    },
  );
});

/** The sum of a metric's samples whose labels contain `labels` (a `name="value"` list), from the API. */
async function apiMetric(apiUrl: string, name: string, labels = ""): Promise<number> {
  const metrics = await (await fetch(`${apiUrl}/metrics`)).text();
  let total = 0;
  for (const [, sampleLabels = "", value] of metrics.matchAll(
    new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`, "gm"),
  )) {
    if (labels.split(",").every((label) => sampleLabels.includes(label))) total += Number(value);
  }
  return total;
}

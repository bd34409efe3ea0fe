import { errors } from "undici";
import { describe, expect, it } from "vitest";

import { upstreamFailure } from "@/lib/server/forward-to-api";

describe("upstreamFailure", () => {
  it("answers 504 when the API timed out and 503 when it is unreachable", async () => {
    const timeout = upstreamFailure(new DOMException("timed out", "TimeoutError"), "rid");
    expect(timeout.status).toBe(504);
    expect(await timeout.json()).toMatchObject({ code: "api_timeout", status: 504, request_id: "rid" });
    for (const undiciTimeout of [new errors.HeadersTimeoutError(), new errors.BodyTimeoutError()])
      expect(upstreamFailure(undiciTimeout, "rid").status).toBe(504);
    const refused = upstreamFailure(new TypeError("fetch failed"), "rid");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ code: "api_unavailable" });
  });
});

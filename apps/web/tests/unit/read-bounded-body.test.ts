import { describe, expect, it } from "vitest";

import { MAX_BODY_BYTES, readBoundedBody } from "@/lib/server/read-bounded-body";

/** A request whose body arrives in `chunks` chunks of `size` bytes, counting how many were pulled. */
function streamedRequest(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
  // A streamed body needs `duplex`, which the DOM's RequestInit type does not know yet.
  const init: RequestInit & { duplex: "half" } = { method: "POST", body, headers, duplex: "half" };
  const request = new Request("http://localhost/api/todos", init);
  return { request, pulled: () => pulled };
}

describe("readBoundedBody", () => {
  it("returns a body up to the limit", async () => {
    const body = await readBoundedBody(
      new Request("http://localhost/", { method: "POST", body: '{"title":"Milk"}' }),
    );
    expect(new TextDecoder().decode(body!)).toBe('{"title":"Milk"}');
    const { request } = streamedRequest(4, MAX_BODY_BYTES / 4);
    expect((await readBoundedBody(request))?.byteLength).toBe(MAX_BODY_BYTES);
  });

  it("stops reading once the bytes counted pass the limit, whatever Content-Length says", async () => {
    const { request, pulled } = streamedRequest(1_000, 16 * 1024, { "content-length": "100" });
    expect(await readBoundedBody(request)).toBeNull();
    expect(pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES / (16 * 1024) + 2);
  });

  it("refuses a larger declared length without reading", async () => {
    const { request } = streamedRequest(1, 10, { "content-length": String(MAX_BODY_BYTES + 1) });
    expect(await readBoundedBody(request)).toBeNull();
    expect(request.bodyUsed).toBe(false);
  });

  it("reads no body as empty", async () => {
    expect((await readBoundedBody(new Request("http://localhost/", { method: "POST" })))?.byteLength).toBe(0);
  });
});

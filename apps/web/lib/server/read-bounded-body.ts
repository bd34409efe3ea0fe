import { problem } from "@/lib/server/problem";

/** A todo is a few KB, a sign-in a few hundred bytes: no request body of this app needs more. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's body, or null once it is larger than `maxBytes`. Bytes are counted as they arrive,
 * because Content-Length may be missing (chunked) or false; a larger declared length is refused
 * without reading anything.
 */
export async function readBoundedBody(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length")) > maxBytes) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export function bodyTooLarge(requestId?: string, maxBytes = MAX_BODY_BYTES): Response {
  return problem(
    413,
    "body_too_large",
    "Request too large",
    `The request body is larger than ${maxBytes / 1024} KB.`,
    requestId,
  );
}

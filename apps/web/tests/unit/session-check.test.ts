import { beforeEach, describe, expect, it, vi } from "vitest";

const getSession = vi.fn();
const findSession = vi.fn();
// The adapter's batch lookup, answered one token at a time by `findSession`.
const findSessions = vi.fn(async (tokens: string[]) => {
  const found = await Promise.all(
    tokens.map(async (token) => {
      const one = await findSession(token);
      return one && { ...one, session: { ...one.session, token } };
    }),
  );
  return found.filter(Boolean);
});
vi.mock("@/lib/server/auth", () => ({
  getAuth: () => ({
    api: { getSession },
    $context: Promise.resolve({
      internalAdapter: { findSessions },
      sessionConfig: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    }),
  }),
}));

const { checkSession } = await import("@/lib/server/session-check");

const DAY_MS = 24 * 3600 * 1000;
function session(id: string, expiresInMs = 7 * DAY_MS) {
  return {
    session: { id, expiresAt: new Date(Date.now() + expiresInMs) },
    user: { id: "u", email: "a@b.c" },
  };
}
const request = () => new Request("http://app/api/todos");
let cookieNumber = 0;

describe("checkSession", () => {
  let cookie: string;
  beforeEach(() => {
    getSession.mockReset();
    findSession.mockReset();
    findSessions.mockClear();
    cookieNumber += 1;
    cookie = `token${cookieNumber}.signature${cookieNumber}`;
  });

  it("asks Better Auth for a cookie it has not seen, then looks the session up by its token on every call", async () => {
    getSession.mockResolvedValue(session("s1"));
    findSession.mockResolvedValue(session("s1"));
    expect((await checkSession(request(), cookie))?.session.id).toBe("s1");
    expect((await checkSession(request(), cookie))?.session.id).toBe("s1");
    expect((await checkSession(request(), cookie))?.session.id).toBe("s1");
    expect(getSession).toHaveBeenCalledTimes(1);
    expect(findSession).toHaveBeenCalledTimes(2);
    expect(findSession).toHaveBeenCalledWith(`token${cookieNumber}`);
  });

  it("looks up the sessions of the calls of one turn with one query", async () => {
    getSession.mockResolvedValue(session("s1"));
    findSession.mockResolvedValue(session("s1"));
    await checkSession(request(), cookie);
    const checks = await Promise.all([1, 2, 3].map(() => checkSession(request(), cookie)));
    expect(checks.map((checked) => checked?.session.id)).toEqual(["s1", "s1", "s1"]);
    expect(findSessions).toHaveBeenCalledTimes(1);
    expect(findSession).toHaveBeenCalledTimes(3);
  });

  it("sees an ended session on the very next call, through Better Auth", async () => {
    getSession.mockResolvedValue(null).mockResolvedValueOnce(session("s1"));
    findSession.mockResolvedValue(null);
    await checkSession(request(), cookie);
    expect(await checkSession(request(), cookie)).toBeNull();
    expect(await checkSession(request(), cookie)).toBeNull();
    expect(getSession).toHaveBeenCalledTimes(3); // forgotten: the third call is Better Auth's again
  });

  it("leaves an expired session, one due for renewal or another session's answer to Better Auth", async () => {
    getSession.mockResolvedValue(session("s1"));
    await checkSession(request(), cookie);
    for (const found of [session("s1", -1000), session("s1", 6 * DAY_MS - 1000), session("s2")]) {
      findSession.mockResolvedValueOnce(found);
      await checkSession(request(), cookie);
    }
    expect(getSession).toHaveBeenCalledTimes(4);
  });

  it("remembers nothing without a cookie", async () => {
    getSession.mockResolvedValue(null);
    expect(await checkSession(request(), null)).toBeNull();
    expect(await checkSession(request(), null)).toBeNull();
    expect(getSession).toHaveBeenCalledTimes(2);
    expect(findSession).not.toHaveBeenCalled();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  createTodo,
  deleteTodo,
  errorMessage,
  listTodos,
  newIdempotencyKey,
  toApiError,
  todosQuery,
  updateTodo,
} from "@/lib/api-client";
import { SESSION_ENDED_MESSAGE, UNREACHABLE_MESSAGE } from "@/lib/failure-messages";

describe("toApiError", () => {
  it("says the session has ended on 401, keeping the BFF's code", () => {
    const error = toApiError(401, { status: 401, code: "session_expired", detail: "Sign in again." }, null);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "session_expired", message: SESSION_ENDED_MESSAGE });
  });

  it("asks to reload on a refused request (403)", () => {
    expect(toApiError(403, { code: "csrf_rejected" }, null)).toMatchObject({
      code: "csrf_rejected",
      message: "The request was refused. Reload the page and try again.",
    });
  });

  it("carries 422 field errors, one per input: tags[0] and tags[3] both concern the tags input", () => {
    const body = {
      status: 422,
      title: "Validation failed",
      errors: [
        { field: "title", message: "String should have at least 1 character" },
        { field: "tags[3]", message: "String should have at most 32 characters" },
        { field: "tags[0]", message: "second message for the same input" },
      ],
    };
    const error = toApiError(422, body, null);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Some fields need attention.");
    expect(error.fieldErrors).toEqual({
      title: "String should have at least 1 character",
      tags: "String should have at most 32 characters",
    });
  });

  it("carries the todo as it is now on 412 (changed elsewhere)", () => {
    const current = { id: "6f1c1f9e-9a51-4d7e-9a38-3c8f3f6d9b10", title: "Milk (edited)", version: 4 };
    const error = toApiError(412, { status: 412, title: "Todo changed elsewhere", current }, null);
    expect(error).toMatchObject({ status: 412, code: "changed_elsewhere", current });
    expect(toApiError(412, null, null).current).toBeNull();
  });

  it("says in words that a create is still being saved on 409, never the header's name", () => {
    const error = toApiError(
      409,
      { detail: "A request with this Idempotency-Key is still being processed" },
      "1",
    );
    expect(error).toMatchObject({ status: 409, code: "in_progress" });
    expect(error.message).toBe("This todo is still being saved. Try again in a moment.");
  });

  it("says how long to wait on 429, from the Retry-After header first", () => {
    expect(toApiError(429, { code: "rate_limited", retry_after: 30 }, "12").message).toBe(
      "Too many requests. Try again in 12 seconds.",
    );
    expect(toApiError(429, { retry_after: 30 }, null).message).toBe(
      "Too many requests. Try again in 30 seconds.",
    );
    expect(toApiError(429, {}, "1").message).toBe("Too many requests. Try again in 1 second.");
    expect(toApiError(429, null, null)).toMatchObject({
      code: "rate_limited",
      message: "Too many requests. Wait a moment and try again.",
    });
  });

  it.each([500, 502, 503, 504])("offers a retry on %i", (status) => {
    expect(toApiError(status, { code: "api_unavailable" }, null).message).toBe(UNREACHABLE_MESSAGE);
  });

  it("falls back to the problem's detail, then to a generic message", () => {
    expect(toApiError(400, { detail: "Already done." }, null).message).toBe("Already done.");
    expect(toApiError(400, "<html>Bad gateway page</html>", null)).toMatchObject({
      code: "request_failed",
      message: "Something went wrong. Try again.",
    });
  });
});

describe("errorMessage", () => {
  it("uses an ApiError's message and hides anything else", () => {
    expect(errorMessage(new ApiError(404, "not_found", "This todo no longer exists."))).toBe(
      "This todo no longer exists.",
    );
    expect(errorMessage(new TypeError("x is undefined"))).toBe("Something went wrong. Try again.");
  });
});

describe("todosQuery", () => {
  it("leaves out empty filters so the API's defaults apply, and trims text", () => {
    expect(todosQuery({})).toBe("");
    expect(todosQuery({ status: "active", q: "  milk ", tag: "", priority: undefined, limit: 20 })).toBe(
      "?status=active&q=milk&limit=20",
    );
    expect(todosQuery({ tag: "home & garden", cursor: "abc_-1" })).toBe("?tag=home+%26+garden&cursor=abc_-1");
  });
});

describe("calls to the BFF", () => {
  const fetchMock = vi.fn<typeof fetch>();
  const assign = vi.fn<(url: string) => void>();

  beforeEach(() => {
    vi.stubGlobal("fetch", fetchMock);
    vi.stubGlobal("window", { location: { pathname: "/todos", search: "?status=active", assign } });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    assign.mockReset();
  });

  function problem(status: number, body: object, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/problem+json", ...headers },
    });
  }

  it("sends X-CSRF: 1 and the JSON body", async () => {
    const todo = { id: "6f1c1f9e-9a51-4d7e-9a38-3c8f3f6d9b10", title: "Milk", completed: true };
    fetchMock.mockResolvedValue(Response.json(todo));
    await expect(updateTodo(todo.id, { completed: true })).resolves.toEqual(todo);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`/api/todos/${todo.id}`);
    expect(init).toMatchObject({ method: "PATCH", body: JSON.stringify({ completed: true }) });
    expect(init?.headers).toMatchObject({ "X-CSRF": "1", "Content-Type": "application/json" });
  });

  it("sends the version the page saw as If-Match, and no precondition without one", async () => {
    const todo = { id: "6f1c1f9e-9a51-4d7e-9a38-3c8f3f6d9b10", title: "Milk", version: 3 };
    fetchMock.mockResolvedValue(Response.json(todo));
    await updateTodo(todo.id, { title: "Milk" }, 3);
    expect(fetchMock.mock.calls[0][1]?.headers).toMatchObject({ "If-Match": '"3"' });
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await deleteTodo(todo.id, 3);
    expect(fetchMock.mock.calls[1][1]?.headers).toMatchObject({ "If-Match": '"3"' });
    await deleteTodo(todo.id);
    expect(fetchMock.mock.calls[2][1]?.headers).not.toHaveProperty("If-Match");
  });

  it("sends a create's Idempotency-Key; each new key differs", async () => {
    fetchMock.mockResolvedValue(Response.json({ id: "x" }, { status: 201 }));
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(key);
    await createTodo({ title: "Milk", completed: false, priority: "medium", tags: [] }, key);
    expect(fetchMock.mock.calls[0][1]?.headers).toMatchObject({ "Idempotency-Key": key });
  });

  it("sends the filters as a query string", async () => {
    fetchMock.mockResolvedValue(Response.json({ items: [], next_cursor: null }));
    await listTodos({ status: "completed", sort: "due", order: "asc" });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/todos?status=completed&sort=due&order=asc");
    expect(fetchMock.mock.calls[0][1]?.headers).toMatchObject({ "X-CSRF": "1" });
  });

  it("accepts 204 No Content", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(deleteTodo("6f1c1f9e-9a51-4d7e-9a38-3c8f3f6d9b10")).resolves.toBeUndefined();
  });

  it("sends the browser to sign in on 401, coming back to the same page", async () => {
    fetchMock.mockResolvedValue(problem(401, { code: "session_expired" }));
    await expect(listTodos()).rejects.toMatchObject({ status: 401 });
    expect(assign).toHaveBeenCalledWith("/sign-in?next=%2Ftodos%3Fstatus%3Dactive&reason=session-expired");
  });

  it("reads Retry-After on 429 without navigating", async () => {
    fetchMock.mockResolvedValue(problem(429, { code: "rate_limited" }, { "Retry-After": "12" }));
    await expect(listTodos()).rejects.toMatchObject({
      message: "Too many requests. Try again in 12 seconds.",
    });
    expect(assign).not.toHaveBeenCalled();
  });

  it("turns a network failure into a retry message", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    await expect(listTodos()).rejects.toMatchObject({
      status: 0,
      code: "network_error",
      message: UNREACHABLE_MESSAGE,
    });
  });

  it("copes with an error page that is not JSON", async () => {
    fetchMock.mockResolvedValue(
      new Response("<html>502</html>", { status: 502, headers: { "content-type": "text/html" } }),
    );
    await expect(listTodos()).rejects.toMatchObject({ status: 502, message: UNREACHABLE_MESSAGE });
  });
});

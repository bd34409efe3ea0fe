import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  isoToLocalDateTime,
  localDateTimeToIso,
  parseTags,
  todoContentOf,
  validateTodoForm,
} from "@/app/(app)/todos/todo-form-values";
import { validateSignUp } from "@/app/(auth)/credentials";
import {
  ApiError,
  deleteTodo,
  errorMessage,
  listTodos,
  parseRetryAfter,
  SESSION_ENDED_MESSAGE,
  safeNextPath,
  signInUrl,
  toApiError,
  todosQuery,
  UNREACHABLE_MESSAGE,
  updateTodo,
} from "@/lib/api-client";
import { describeAuthFailure, runAuthCall } from "@/lib/auth-client";

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
    expect(toApiError(409, { detail: "Already done." }, null).message).toBe("Already done.");
    expect(toApiError(400, "<html>Bad gateway page</html>", null)).toMatchObject({
      code: "request_failed",
      message: "Something went wrong. Try again.",
    });
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and nothing else", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter(" 7 ")).toBe(7);
    expect(parseRetryAfter("0")).toBe(1);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).toBeNull();
    expect(parseRetryAfter("-3")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
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

describe("safeNextPath", () => {
  it.each(["/todos", "/account", "/todos?status=active&q=milk", "/"])("accepts the site path %s", (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    null,
    undefined,
    "",
    "todos",
    "//evil.example",
    "//evil.example/todos",
    "/\\evil.example",
    "/\t/evil.example",
    "/todos\n",
    "https://evil.example",
    "javascript:alert(1)",
    " /todos",
  ])("refuses %j", (next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});

describe("signInUrl", () => {
  it("carries the path to come back to and the reason", () => {
    expect(signInUrl("/todos?status=active", "session-expired")).toBe(
      "/sign-in?next=%2Ftodos%3Fstatus%3Dactive&reason=session-expired",
    );
    expect(signInUrl("/account")).toBe("/sign-in?next=%2Faccount");
  });

  it("drops a path that is not on this site", () => {
    expect(signInUrl("//evil.example", "session-expired")).toBe("/sign-in?reason=session-expired");
    expect(signInUrl(null)).toBe("/sign-in");
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

describe("Better Auth failures in plain words", () => {
  it.each([
    [422, "USER_ALREADY_EXISTS", "An account with this email already exists. Sign in instead."],
    [
      422,
      "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
      "An account with this email already exists. Sign in instead.",
    ],
    [401, "INVALID_EMAIL_OR_PASSWORD", "Email or password is incorrect."],
    [500, null, UNREACHABLE_MESSAGE],
    [0, null, UNREACHABLE_MESSAGE],
  ])("%i %s", (status, code, message) => {
    expect(describeAuthFailure(status, code, null)).toBe(message);
  });

  it("says how long to wait when rate limited", async () => {
    const outcome = await runAuthCall(async (observer) => {
      observer.onError({ response: new Response(null, { status: 429, headers: { "X-Retry-After": "9" } }) });
      return { data: null, error: { status: 429, message: "Too many requests. Please try again later." } };
    });
    expect(outcome).toEqual({
      ok: false,
      failure: { status: 429, code: null, message: "Too many attempts. Try again in 9 seconds." },
    });
  });

  it("treats a thrown call (no answer at all) as the server being unreachable", async () => {
    const outcome = await runAuthCall(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(outcome).toEqual({ ok: false, failure: { status: 0, code: null, message: UNREACHABLE_MESSAGE } });
  });

  it("passes a success through", async () => {
    const outcome = await runAuthCall(async () => ({ data: { token: "t" }, error: null }));
    expect(outcome).toEqual({ ok: true, data: { token: "t" } });
  });
});

describe("sign-up checks", () => {
  const valid = {
    name: "Ada",
    email: "ada@example.com",
    password: "correct horse",
    confirmPassword: "correct horse",
  };

  it("accepts valid values", () => {
    expect(Object.values(validateSignUp(valid)).filter(Boolean)).toEqual([]);
  });

  it("names each problem on its own field", () => {
    expect(
      validateSignUp({ name: " ", email: "ada@", password: "short", confirmPassword: "shorter" }),
    ).toEqual({
      name: "Enter your name.",
      email: "Enter an email address like name@example.com.",
      password: "Use at least 8 characters.",
      confirmPassword: "The passwords do not match.",
    });
    expect(
      validateSignUp({ ...valid, password: "x".repeat(129), confirmPassword: "x".repeat(129) }).password,
    ).toBe("Use at most 128 characters.");
  });
});

describe("todo form values", () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  it("splits tags on commas, trimmed, without blanks or repeats", () => {
    expect(parseTags(" home, work ,, home ,")).toEqual(["home", "work"]);
    expect(parseTags("")).toEqual([]);
  });

  it("adds the browser's offset for that date to a datetime-local value", () => {
    process.env.TZ = "Asia/Kolkata";
    expect(localDateTimeToIso("2026-03-01T14:30")).toBe("2026-03-01T14:30:00+05:30");
    process.env.TZ = "America/New_York";
    expect(localDateTimeToIso("2026-01-15T09:05")).toBe("2026-01-15T09:05:00-05:00");
    expect(localDateTimeToIso("2026-07-15T09:05")).toBe("2026-07-15T09:05:00-04:00");
    process.env.TZ = "UTC";
    expect(localDateTimeToIso("2026-07-15T09:05")).toBe("2026-07-15T09:05:00+00:00");
    expect(localDateTimeToIso("")).toBeNull();
    expect(localDateTimeToIso("not a date")).toBeNull();
  });

  it("shows an API date-time in local time for editing", () => {
    process.env.TZ = "Asia/Kolkata";
    expect(isoToLocalDateTime("2026-03-01T09:00:00Z")).toBe("2026-03-01T14:30");
    expect(isoToLocalDateTime(null)).toBe("");
    expect(localDateTimeToIso(isoToLocalDateTime("2026-03-01T09:00:00Z"))).toBe("2026-03-01T14:30:00+05:30");
  });

  it("checks the API's limits", () => {
    const values = { title: "Milk", description: "", priority: "medium", due_at: "", tags: "" };
    expect(Object.values(validateTodoForm(values)).filter(Boolean)).toEqual([]);
    expect(validateTodoForm({ ...values, title: "   " }).title).toBe("Enter a title.");
    expect(validateTodoForm({ ...values, title: "x".repeat(201) }).title).toBe("Use at most 200 characters.");
    expect(validateTodoForm({ ...values, tags: "a,b,c,d,e,f,g,h,i,j,k" }).tags).toBe("Use at most 10 tags.");
    expect(validateTodoForm({ ...values, tags: `ok, ${"t".repeat(33)}` }).tags).toMatch(/too long/);
    expect(validateTodoForm({ ...values, description: "d".repeat(2001) }).description).toBe(
      "Use at most 2000 characters.",
    );
  });

  it("sends empty optional fields as null, so an edit clears them", () => {
    process.env.TZ = "UTC";
    expect(
      todoContentOf({ title: "  Milk ", description: "  ", priority: "high", due_at: "", tags: "" }),
    ).toEqual({
      title: "Milk",
      description: null,
      priority: "high",
      due_at: null,
      tags: [],
    });
    expect(
      todoContentOf({
        title: "Milk",
        description: "2 l",
        priority: "urgent",
        due_at: "2026-07-15T09:05",
        tags: "shop",
      }),
    ).toEqual({
      title: "Milk",
      description: "2 l",
      priority: "medium",
      due_at: "2026-07-15T09:05:00+00:00",
      tags: ["shop"],
    });
  });
});

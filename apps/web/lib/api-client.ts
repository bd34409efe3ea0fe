import {
  type components,
  type operations,
  pathsV1TodosGetParametersQuerySortValues,
  pathsV1TodosGetParametersQueryStatusValues,
  priorityValues,
} from "@/lib/api-types";
import {
  parseRetryAfter,
  SESSION_ENDED_MESSAGE,
  UNREACHABLE_MESSAGE,
  waitMessage,
} from "@/lib/failure-messages";
import { redirectToSignIn } from "@/lib/sign-in-url";

/**
 * The browser's only client for the backend-for-frontend (`/api/*`). It owns the `X-CSRF` header and
 * the central error handling (FR-009): every failure becomes an `ApiError` with a message a person
 * can act on, and an ended session sends the browser to the sign-in page.
 */

type Schemas = components["schemas"];
export type Todo = Schemas["TodoPublic"];
export type TodoCreate = Schemas["TodoCreate"];
export type TodoUpdate = Schemas["TodoUpdate"];
export type TodosPage = Schemas["TodosPage"];
export type TodoCounts = Schemas["TodoCounts"];
export type ListTodoCounts = Schemas["ListTodoCounts"];
export type TagCount = Schemas["TagCount"];
export type Deletion = Schemas["Deletion"];
export type UserProfile = Schemas["UserPublic"];
export type Priority = Schemas["Priority"];
export type TodoList = Schemas["ListPublic"];
export type ListMember = Schemas["MemberPublic"];
export type Role = Schemas["Role"];
export type RepeatFrom = Schemas["RepeatFrom"];
export type ImportReport = Schemas["ImportReport"];
/** The query parameters of `GET /api/todos`, which the BFF passes to the API's `todos-list`. */
export type TodoFilters = NonNullable<operations["todos-list"]["parameters"]["query"]>;
export type TodoStatus = NonNullable<TodoFilters["status"]>;
export type TodoSortKey = NonNullable<TodoFilters["sort"]>;
export type SortOrder = NonNullable<TodoFilters["order"]>;

export const PRIORITIES: readonly Priority[] = priorityValues;
export const TODO_STATUSES: readonly TodoStatus[] = pathsV1TodosGetParametersQueryStatusValues;
export const SORT_KEYS: readonly TodoSortKey[] = pathsV1TodosGetParametersQuerySortValues;

export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field name (`title`, `tags`, ...) → what is wrong with it, from a 422 answer. */
    readonly fieldErrors: Readonly<Record<string, string>> = {},
    /** The todo as it is now, from a 412 answer: someone changed it since this page loaded it. */
    readonly current: Todo | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The RFC 9457 body the API answers with, plus the BFF's own `code`; every member may be missing on a
 * proxy's error page.
 */
type ProblemBody = Partial<Pick<Schemas["ProblemDetails"], "detail" | "retry_after" | "errors">> & {
  code?: string;
  current?: Todo;
};

/** `tags[0]` and `tags[3]` both concern the tags input; the first message per input wins. */
function fieldErrorsOf(errors: ProblemBody["errors"]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of errors ?? []) {
    const input = /^[A-Za-z_]+/.exec(field)?.[0] ?? field;
    byField[input] ??= message;
  }
  return byField;
}

function asProblemBody(body: unknown): ProblemBody {
  return typeof body === "object" && body !== null ? (body as ProblemBody) : {};
}

/** Turns a failed response into the error the UI shows. Pure, so every branch is unit-tested. */
export function toApiError(status: number, body: unknown, retryAfterHeader: string | null): ApiError {
  const problem = asProblemBody(body);
  if (status === 401) return new ApiError(401, problem.code ?? "unauthenticated", SESSION_ENDED_MESSAGE);
  if (status === 403) {
    return new ApiError(
      403,
      problem.code ?? "forbidden",
      "The request was refused. Reload the page and try again.",
    );
  }
  if (status === 404) return new ApiError(404, problem.code ?? "not_found", "This todo no longer exists.");
  if (status === 412) {
    return new ApiError(
      412,
      "changed_elsewhere",
      "This todo was changed elsewhere since you loaded it.",
      {},
      problem.current ?? null,
    );
  }
  if (status === 409) {
    // The same create (its Idempotency-Key) is still being processed: retrying later gets its answer.
    return new ApiError(409, "in_progress", "This todo is still being saved. Try again in a moment.");
  }
  if (status === 422) {
    const fieldErrors = fieldErrorsOf(problem.errors);
    const message = Object.keys(fieldErrors).length > 0 ? "Some fields need attention." : problem.detail;
    return new ApiError(
      422,
      problem.code ?? "validation_failed",
      message ?? "Some fields need attention.",
      fieldErrors,
    );
  }
  if (status === 429) {
    const seconds = parseRetryAfter(retryAfterHeader) ?? problem.retry_after ?? null;
    return new ApiError(429, problem.code ?? "rate_limited", waitMessage(seconds));
  }
  if (status >= 500) return new ApiError(status, problem.code ?? "server_error", UNREACHABLE_MESSAGE);
  return new ApiError(
    status,
    problem.code ?? "request_failed",
    problem.detail ?? "Something went wrong. Try again.",
  );
}

/** What to tell the user about any failure of a call made through this client. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong. Try again.";
}

/** The query string for `GET /api/todos`; empty values are left out so the API's defaults apply. */
export function todosQuery(filters: TodoFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    const text = String(value ?? "").trim();
    if (text) params.set(name, text);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

async function readBody(response: Response): Promise<unknown> {
  if (!/json/.test(response.headers.get("content-type") ?? "")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Words for a call's own refusals, by status, where the todo wording of `toApiError` would mislead;
 * `API_DETAIL` takes the problem's own `detail`, for refusals the API words for people (the last owner).
 */
const API_DETAIL = Symbol("the problem's detail");
type Refusals = Partial<Record<number, string | typeof API_DETAIL>>;

async function send(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  refusals: Refusals = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders, "X-CSRF": "1", Accept: "application/json" };
  // A file goes as it is, with the type the caller names; anything else as JSON.
  const file = body instanceof Blob;
  if (body !== undefined && !file) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined || file ? body : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    // fetch rejects only when no answer arrived: offline, DNS, connection refused.
    throw new ApiError(0, "network_error", UNREACHABLE_MESSAGE);
  }
  if (response.ok) return response;

  const answer = await readBody(response);
  const error = toApiError(response.status, answer, response.headers.get("Retry-After"));
  if (error.status === 401) redirectToSignIn();
  const refusal = refusals[error.status];
  const words = refusal === API_DETAIL ? asProblemBody(answer).detail : refusal;
  throw words === undefined ? error : new ApiError(error.status, error.code, words, error.fieldErrors);
}

async function sendForJson<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders?: Record<string, string>,
  refusals?: Refusals,
): Promise<T> {
  const response = await send(method, path, body, extraHeaders, refusals);
  // The BFF answers these routes with the API's JSON, whose shape `T` is generated from.
  return (await response.json()) as T;
}

function todoPath(id: string): string {
  return `/api/todos/${encodeURIComponent(id)}`;
}

export function listTodos(filters: TodoFilters = {}): Promise<TodosPage> {
  return sendForJson("GET", `/api/todos${todosQuery(filters)}`);
}

/** Creates a todo; a retry with the same `idempotencyKey` and content gets the first answer and creates nothing. */
export function createTodo(todo: TodoCreate, idempotencyKey: string): Promise<Todo> {
  return sendForJson("POST", "/api/todos", todo, { "Idempotency-Key": idempotencyKey });
}

/**
 * A change to a todo. With `seenVersion` (the version this page showed), the API applies it only if
 * nobody changed the todo since, else answers 412 with the todo as it is now.
 */
export function updateTodo(id: string, changes: TodoUpdate, seenVersion?: number): Promise<Todo> {
  return sendForJson("PATCH", todoPath(id), changes, ifMatch(seenVersion));
}

export async function deleteTodo(id: string, seenVersion?: number): Promise<void> {
  await send("DELETE", todoPath(id), undefined, ifMatch(seenVersion));
}

/** `?list_id=…` for one list, "" for all the user's lists. */
function inList(listId: string | undefined): string {
  return listId ? `?list_id=${encodeURIComponent(listId)}` : "";
}

/** How many active and completed todos one list (or all the user's lists) has, whatever the filters. */
export function getTodoCounts(listId?: string): Promise<TodoCounts> {
  return sendForJson("GET", `/api/todos/counts${inList(listId)}`);
}

/** The user's tags, most used first. */
export async function listTags(): Promise<TagCount[]> {
  return (await sendForJson<Schemas["TagList"]>("GET", "/api/todos/tags")).items;
}

/** Deletes the completed todos of one list (or all the user's); `restoreDeletion(deletion_id)` undoes it. */
export function clearCompleted(listId?: string): Promise<Deletion> {
  return sendForJson("POST", `/api/todos/clear-completed${inList(listId)}`);
}

/**
 * Undoes a deletion of the last few minutes: a clear's `deletion_id`, or a deleted todo's id. Answers
 * 404 when there is nothing left to undo.
 */
export async function restoreDeletion(deletionId: string): Promise<number> {
  const body: Schemas["RestoreRequest"] = { deletion_id: deletionId };
  return (await sendForJson<Schemas["Restored"]>("POST", "/api/todos/restore", body)).restored;
}

function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { "If-Match": `"${version}"` };
}

/** A key for one submitted create (`crypto.randomUUID` needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

export function getMe(): Promise<UserProfile> {
  return sendForJson("GET", "/api/me");
}

/** Signs out one of the user's other devices (by session id: the browser never sees session tokens). */
export async function signOutDevice(sessionId: string): Promise<void> {
  await send("DELETE", `/api/sessions/${encodeURIComponent(sessionId)}`);
}

/** Deletes the account after the server has checked `password`; a wrong one changes nothing. */
/** What becomes of the lists the user alone owns that others are in: handed to a member, or deleted. */
export type SharedListsOnDeletion = NonNullable<
  NonNullable<operations["me-delete"]["parameters"]["query"]>["shared_lists"]
>;

export async function deleteAccount(password: string, sharedLists: SharedListsOnDeletion): Promise<void> {
  await send("DELETE", `/api/me?shared_lists=${sharedLists}`, { password });
}

const LIST_REFUSALS: Refusals = {
  403: "Only an owner of this list can do that.",
  404: "This list no longer exists, or you are no longer a member of it.",
  409: API_DETAIL,
};

function listPath(id: string, under = ""): string {
  return `/api/lists/${encodeURIComponent(id)}${under}`;
}

/** The user's lists (their Inbox, theirs and those shared with them), in the user's order. */
export async function listLists(): Promise<TodoList[]> {
  return (await sendForJson<Schemas["ListCollection"]>("GET", "/api/lists")).items;
}

export function createList(name: string): Promise<TodoList> {
  const body: Schemas["ListCreate"] = { name };
  return sendForJson("POST", "/api/lists", body, {}, LIST_REFUSALS);
}

/** Renames or archives (owners), or moves the list among the user's own order (any member). */
export function updateList(id: string, changes: Schemas["ListUpdate"]): Promise<TodoList> {
  return sendForJson("PATCH", listPath(id), changes, {}, LIST_REFUSALS);
}

/** Deletes the list and its todos for good (owners). */
export async function deleteList(id: string): Promise<void> {
  await send("DELETE", listPath(id), undefined, {}, LIST_REFUSALS);
}

export async function listMembers(id: string): Promise<ListMember[]> {
  return (
    await sendForJson<Schemas["MemberList"]>("GET", listPath(id, "/members"), undefined, {}, LIST_REFUSALS)
  ).items;
}

export function changeMemberRole(id: string, userId: string, role: Role): Promise<ListMember> {
  const body: Schemas["MemberUpdate"] = { role };
  return sendForJson(
    "PATCH",
    listPath(id, `/members/${encodeURIComponent(userId)}`),
    body,
    {},
    LIST_REFUSALS,
  );
}

/** Removes a member (owners), or leaves the list when `userId` is the user's own. */
export async function removeMember(id: string, userId: string): Promise<void> {
  await send("DELETE", listPath(id, `/members/${encodeURIComponent(userId)}`), undefined, {}, LIST_REFUSALS);
}

// The API words the limit of invitations an account may send in an hour, and when the next may go.
const INVITATION_REFUSALS: Refusals = { ...LIST_REFUSALS, 429: API_DETAIL };

/** An invitation as the BFF answers it: without its link, and whether the mail with the link went. */
export type SentInvitation = Omit<Schemas["InvitationPublic"], "token"> & { mailed: boolean };

/** Mails an invitation; the answer never holds its link, which only the invitee's mailbox gets. */
export function inviteToList(id: string, invitation: Schemas["InvitationCreate"]): Promise<SentInvitation> {
  return sendForJson("POST", listPath(id, "/invitations"), invitation, {}, INVITATION_REFUSALS);
}

/** Joins the list of the invitation mailed with `token`. */
export function acceptInvitation(token: string): Promise<TodoList> {
  const body: Schemas["InvitationAccept"] = { token };
  return sendForJson(
    "POST",
    "/api/invitations/accept",
    body,
    {},
    {
      403: "This invitation was sent to another email address. Sign in with the address it was sent to, then open the link again.",
      404: "This invitation is no longer open: it was used already, it expired, or its list was deleted. Ask the list's owner for a new one.",
      422: "This invitation link is incomplete. Open it again from the mail, or ask the list's owner for a new one.",
    },
  );
}

/**
 * Saves an export (`/api/export`: everything, JSON; `/api/export/csv`: the todos) as the file the
 * answer names: fetched with the CSRF header a plain link cannot send, then handed to the browser.
 */
export async function downloadExport(path: "/api/export" | "/api/export/csv"): Promise<void> {
  const response = await send("GET", path);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "todos-export";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked once the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Imports a Todoist CSV into the Inbox; the report says what was created and which rows were skipped, and why. */
export function importTodoist(file: Blob): Promise<ImportReport> {
  return sendForJson("POST", "/api/import/todoist", file, { "Content-Type": "text/csv" });
}

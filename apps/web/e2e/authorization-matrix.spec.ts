import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";

import matrix from "@todo/auth-contract/authorization-matrix.json" with { type: "json" };
import routeTable from "../routes.json" with { type: "json" };
import { expect, test } from "./fixtures";
import { type Credentials, newCredentials, signUpThroughApi } from "./support/accounts";
import { linkIn, receivedMails } from "./support/mail";

// Issue 23, the authorization matrix through the BFF: every cell of packages/auth-contract's matrix
// (A owner, B editor, C viewer, D outsider, E invited × every operation × the shared list, another
// user's, a deleted one and one the caller left), sent over HTTP to the real web server with each
// caller's session cookie, to the BFF route that routes.json names for the operation's API path. The
// worlds are built through the BFF too, invitations read from the run's SMTP server.

type Who = keyof typeof matrix.callers;
type TargetName = keyof typeof matrix.targets;
type Operation = (typeof matrix.operations)[number] & {
  path_params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  csv?: string;
};

const CALLERS = Object.keys(matrix.callers) as Who[];
const TARGETS = Object.keys(matrix.targets) as TargetName[];
const OPERATIONS = matrix.operations as Operation[];

/** The BFF path of an API path (`/v1/lists/{list_id}/members/{user_id}` → its route's path, parameters in order). */
function bffPath(apiPath: string, params: Record<string, string>): string {
  const route = routeTable.routes.find((each) => "api" in each && each.api === apiPath);
  if (!route) throw new Error(`routes.json has no BFF route for ${apiPath}`);
  const values = [...apiPath.matchAll(/\{(\w+)\}/g)].map(([, name]) => encodeURIComponent(params[name!]!));
  return route.path.replace(/\[\w+\]/g, () => values.shift()!);
}

interface Caller {
  credentials: Credentials;
  id: string;
  http: APIRequestContext;
}

interface Target {
  listId: string;
  todoId: string;
  deletedId: string;
  invitationToken: string;
}

class Bff {
  constructor(private readonly baseURL: string) {}

  /** A signed-up user with a cookie jar of its own. */
  async caller(label: string): Promise<Caller> {
    const credentials = newCredentials(label);
    const http = await playwrightRequest.newContext({
      baseURL: this.baseURL,
      extraHTTPHeaders: { "X-CSRF": "1", Origin: this.baseURL, Accept: "application/json" },
    });
    await signUpThroughApi(http, this.baseURL, credentials);
    const session = await (await http.get("/api/auth/get-session")).json();
    return { credentials, id: session.user.id, http };
  }
}

/** What the BFF answered a setup call with (a list or a todo: its id), once its status is the one expected. */
async function ok<T = { id: string }>(
  answer: ReturnType<APIRequestContext["fetch"]>,
  status: number,
  what: string,
): Promise<T> {
  const response = await answer;
  expect(response.status(), `${what}: ${await response.text()}`).toBe(status);
  return (response.status() === 204 ? null : await response.json()) as T;
}

/** The token of the newest invitation mailed to `email`, once more than `seen` have arrived. */
async function invitationToken(email: string, seen: number): Promise<string> {
  let token = "";
  await expect
    .poll(
      async () => {
        const mails = (await receivedMails()).filter((mail) => mail.to === email);
        if (mails.length <= seen) return false;
        token = new URL(linkIn(mails.at(-1)!)).searchParams.get("token") ?? "";
        return true;
      },
      { message: `an invitation to ${email}`, timeout: 15_000 },
    )
    .toBe(true);
  return token;
}

async function invite(owner: Caller, listId: string, email: string, role: string): Promise<string> {
  const seen = (await receivedMails()).filter((mail) => mail.to === email).length;
  await ok(owner.http.post(`/api/lists/${listId}/invitations`, { data: { email, role } }), 201, "invite");
  return invitationToken(email, seen);
}

/** A list of `owner`'s with a completed todo tagged home, a deleted todo and an open invitation of `invitee`. */
async function makeList(owner: Caller, name: string, invitee: string): Promise<Target> {
  const list = await ok(owner.http.post("/api/lists", { data: { name } }), 201, "create list");
  const invitationToken = await invite(owner, list.id, invitee, "editor");
  const todo = await ok(
    owner.http.post("/api/todos", {
      data: { title: `${name} todo`, list_id: list.id, completed: true, tags: ["home"] },
    }),
    201,
    "create todo",
  );
  const doomed = await ok(
    owner.http.post("/api/todos", { data: { title: "deleted todo", list_id: list.id } }),
    201,
    "create todo",
  );
  await ok(owner.http.delete(`/api/todos/${doomed.id}`), 204, "delete todo");
  return { listId: list.id, todoId: todo.id, deletedId: doomed.id, invitationToken };
}

class World {
  private readonly inboxTodos = new Map<Who, string>();

  constructor(
    readonly callers: Record<Who, Caller>,
    readonly shared: Target,
  ) {}

  static async build(callers: Record<Who, Caller>): Promise<World> {
    const shared = await makeList(callers.A, "Shared", callers.E.credentials.email);
    for (const [who, role] of [
      ["B", "editor"],
      ["C", "viewer"],
    ] as const) {
      const token = await invite(callers.A, shared.listId, callers[who].credentials.email, role);
      await ok(callers[who].http.post("/api/invitations/accept", { data: { token } }), 200, "accept");
    }
    return new World(callers, shared);
  }

  async inboxOf(who: Who): Promise<string> {
    const { items } = await ok<{ items: { id: string; is_inbox: boolean }[] }>(
      this.callers[who].http.get("/api/lists"),
      200,
      "lists",
    );
    return items.find((list) => list.is_inbox)!.id;
  }

  async inboxTodoOf(who: Who): Promise<string> {
    if (!this.inboxTodos.has(who)) {
      const todo = await ok(
        this.callers[who].http.post("/api/todos", { data: { title: "mine" } }),
        201,
        "create",
      );
      this.inboxTodos.set(who, todo.id);
    }
    return this.inboxTodos.get(who)!;
  }

  async target(name: TargetName, who: Who, bff: Bff): Promise<Target> {
    if (name === "shared") return this.shared;
    if (name === "other_user")
      return makeList(await bff.caller("matrix-f"), "Private", newCredentials("nobody").email);
    const members = `/api/lists/${this.shared.listId}/members`;
    if (name === "deleted") {
      await ok(this.callers.A.http.delete(`/api/lists/${this.shared.listId}`), 204, "delete list");
      return this.shared;
    }
    // The list the caller left; the last owner hands over first. D and E, never members, cannot leave.
    if (who === "A")
      await ok(
        this.callers.A.http.patch(`${members}/${this.callers.B.id}`, { data: { role: "owner" } }),
        200,
        "hand over",
      );
    if (who === "A" || who === "B" || who === "C")
      await ok(this.callers[who].http.delete(`${members}/${this.callers[who].id}`), 204, "leave");
    return this.shared;
  }

  /** The operation's call through the BFF, its references resolved for `who` on `target`. */
  async send(target: Target, who: Who, operation: Operation): Promise<{ status: number; text: string }> {
    const references: Record<string, () => Promise<string> | string> = {
      $list: () => target.listId,
      $todo: () => target.todoId,
      $deleted_todo: () => target.deletedId,
      $invitation: () => target.invitationToken,
      $me: () => this.callers[who].id,
      $viewer: () => this.callers.C.id,
      $other_member: () => this.callers[who === "B" ? "C" : "B"].id,
      $inbox: () => this.inboxOf(who),
      $inbox_todo: () => this.inboxTodoOf(who),
    };
    const resolve = async (values: Record<string, unknown> = {}) =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(values).map(async ([key, value]) => [
            key,
            typeof value === "string" && value.startsWith("$") ? await references[value]!() : value,
          ]),
        ),
      );
    const params = await resolve(operation.path_params ?? { todo_id: "$todo" });
    const query = new URLSearchParams(await resolve(operation.query)).toString();
    const path = bffPath(operation.path, params) + (query ? `?${query}` : "");
    const response = await this.callers[who].http.fetch(path, {
      method: operation.method,
      ...(operation.csv === undefined
        ? { data: operation.body === undefined ? undefined : await resolve(operation.body) }
        : { data: operation.csv, headers: { "Content-Type": "text/csv" } }),
    });
    return { status: response.status(), text: await response.text() };
  }
}

test.describe("The authorization matrix through the BFF", () => {
  for (const target of TARGETS)
    for (const who of CALLERS)
      test(`${who} (${matrix.callers[who]}) on ${target}`, async ({ baseURL }) => {
        test.setTimeout(240_000);
        const bff = new Bff(baseURL!);
        const callers = Object.fromEntries(
          await Promise.all(CALLERS.map(async (each) => [each, await bff.caller(`matrix-${each}`)] as const)),
        ) as Record<Who, Caller>;
        const expected = Object.fromEntries(
          OPERATIONS.map((operation) => [
            operation.name,
            (operation.expected as Record<TargetName, Record<Who, number>>)[target][who],
          ]),
        );
        const answers: Record<string, number> = {};
        // A success changes the world, so it gets one of its own; the refusals share one.
        let refused: [World, Target] | null = null;
        for (const operation of OPERATIONS) {
          let world: World;
          let on: Target;
          if (expected[operation.name]! < 400) {
            world = await World.build(callers);
            on = await world.target(target, who, bff);
          } else {
            if (refused === null) {
              const built = await World.build(callers);
              refused = [built, await built.target(target, who, bff)];
            }
            [world, on] = refused;
          }
          const answer = await world.send(on, who, operation);
          answers[operation.name] = answer.status;
          if (answer.status >= 400) {
            // A refusal is a problem document, and says nothing of the list's todos or members.
            expect(JSON.parse(answer.text), operation.name).toMatchObject({ status: answer.status });
            expect(answer.text, operation.name).not.toMatch(/Shared todo|Private todo|example\.test/);
          }
        }
        expect(answers).toEqual(expected);
        await Promise.all(Object.values(callers).map((caller) => caller.http.dispose()));
      });
});

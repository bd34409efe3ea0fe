import { getMigrations } from "better-auth/db/migration";
import { getAuth, getDatabasePool } from "@/lib/server/auth";
import { apiTokenFor } from "@/lib/server/api-token";

async function time(label: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(label.padEnd(30), "median", t[n >> 1].toFixed(3), "ms  p90", t[Math.floor(n * 0.9)].toFixed(3));
}

async function main() {
  const auth = getAuth();
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  const res = await auth.handler(new Request("http://localhost:3000/api/auth/sign-up/email", {
    method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000" },
    body: JSON.stringify({ name: "P", email: `p${Date.now()}@e.com`, password: "password-123" }) }));
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const headers = new Headers({ cookie });
  const pool = getDatabasePool();
  const ctx = await auth.$context;
  const tok = (await auth.api.getSession({ headers }))!.session.token;
  await time("internalAdapter.findSession", 2000, () => ctx.internalAdapter.findSession(tok));
  await time("getSession", 2000, () => auth.api.getSession({ headers }));
  const session = (await auth.api.getSession({ headers }))!;
  await time("pg select session+user", 2000, () => pool.query('select * from "session" s join "user" u on u.id = s."userId" where s.token = $1', [session.session.token]));
  await time("pg select 1", 2000, () => pool.query("select 1"));
  await time("apiTokenFor (cached)", 2000, () => apiTokenFor(session));
  const api = process.env.API_URL!;
  const token = await apiTokenFor(session);
  const h = { authorization: `Bearer ${token}`, accept: "application/json" };
  await time("fetch /v1/todos", 2000, async () => { const r = await fetch(`${api}/v1/todos`, { headers: h }); await r.arrayBuffer(); });
  await time("fetch /v1/todos +timeout", 2000, async () => { const r = await fetch(`${api}/v1/todos`, { headers: h, signal: AbortSignal.timeout(10000) }); await r.arrayBuffer(); });
  await time("fetch /healthz", 2000, async () => { const r = await fetch(`${api}/healthz`); await r.arrayBuffer(); });
  await pool.end();
}
main();

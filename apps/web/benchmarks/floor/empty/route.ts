// The bare route handler: what Next.js costs a call that does nothing at all.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({});
}

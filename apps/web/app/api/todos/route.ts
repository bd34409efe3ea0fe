import { forward } from "@/lib/server/bff";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return forward(request, "/v1/todos");
}

export function POST(request: Request) {
  return forward(request, "/v1/todos");
}

import { forwardedRoute } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

export const POST = forwardedRoute(() => "/v1/invitations/accept");

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image (docker/web.Dockerfile) carries .next/standalone: the server and only the
  // node_modules it needs. `npm start` (server.mjs) serves the same build in the repository.
  output: "standalone",
  // Compression belongs to the TLS-terminating proxy in front (https needs one anyway), off the path
  // every BFF call takes (its cost: docs/architecture.md).
  compress: false,
  // pg and Better Auth's database code run on the server only, as plain Node modules; prom-client and
  // pino too, so that the route handlers share server.mjs's registry and logger (metrics.mjs, log.mjs).
  serverExternalPackages: ["pg", "prom-client", "pino", "nodemailer"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;

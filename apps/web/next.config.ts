import type { NextConfig } from "next";

const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "bluetooth",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  // Passkeys: on the app's own pages only, never in a frame of another origin.
  .concat(["publickey-credentials-create=(self)", "publickey-credentials-get=(self)"])
  .join(", ");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image (docker/web.Dockerfile) carries .next/standalone: the server and only the
  // node_modules it needs. `npm start` (server.mjs) serves the same build in the repository.
  output: "standalone",
  // Compression belongs to the TLS-terminating proxy in front (https needs one anyway), off the path
  // every BFF call takes (its cost: docs/architecture.md).
  compress: false,
  // pg and Better Auth's database code run on the server only, as plain Node modules; prom-client, pino
  // and OpenTelemetry's API too, so that the route handlers share server.mjs's registry, logger and tracer.
  serverExternalPackages: ["pg", "prom-client", "pino", "nodemailer", "@opentelemetry/api"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          // Features the app never uses, so that no injected or embedded code gets them either.
          { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;

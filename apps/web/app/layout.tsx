import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";

import { COLOR_SCHEME_COOKIE, colorSchemeOf } from "@/lib/color-scheme";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Todo", template: "%s · Todo" },
  description: "Your personal todo list.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const colorScheme = colorSchemeOf((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  return (
    <html lang="en" data-color-scheme={colorScheme}>
      <body className="min-h-dvh bg-canvas font-sans text-ink antialiased">{children}</body>
    </html>
  );
}

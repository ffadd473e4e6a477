import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { parseThemeChoice, THEME_BOOT_SCRIPT, THEME_COOKIE } from "@/lib/theme/theme-choice";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tether", template: "%s · Tether" },
  description: "Triage error groups and keep them in sync with Jira and Discord",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A chosen theme is rendered by the server; "system" is settled by the script before paint
  // (the server cannot see the preference), which also corrects the class if the cookie is stale.
  const choice = parseThemeChoice((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={choice === "dark" ? "dark" : undefined} data-theme-choice={choice} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-canvas text-fg antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

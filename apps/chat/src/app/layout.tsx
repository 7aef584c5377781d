import { type Metadata } from "next";
import { connection } from "next/server";
import { type ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: "Kefu" };

// Only the chat server's own home page is a Next.js page; bots' pages are lib/widget-page.ts.
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so that Next.js puts the proxy's CSP nonce on its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="h-full bg-slate-100 text-slate-900 antialiased">{children}</body>
    </html>
  );
}

import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { DashboardHeader } from "~/components/dashboard-header";
import { currentUserId } from "~/lib/auth";
import { requestTheme } from "~/lib/locale";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  if (!(await currentUserId())) redirect("/login");
  return (
    <div className="min-h-screen">
      <DashboardHeader theme={await requestTheme()} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

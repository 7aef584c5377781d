import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { DashboardHeader } from "~/components/dashboard-header";
import { currentUserId } from "~/lib/auth";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  if (!(await currentUserId())) redirect("/login");
  return (
    <div className="min-h-screen">
      <DashboardHeader />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}

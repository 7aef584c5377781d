import { type ReactNode } from "react";
import { ImproveTabs } from "~/components/improve-tabs";

export default function ImproveLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <ImproveTabs />
      {children}
    </div>
  );
}

import Link from "next/link";
import { type ReactNode } from "react";

/**
 * What a page shows before it has anything: what will appear here and the next thing to do, with a
 * link to where it is done.
 */
export function EmptyState({ title, children, action, testId }: { title?: string; children: ReactNode; action?: { href: string; label: string }; testId?: string }) {
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center" data-testid={testId ?? "empty-state"}>
      {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
      <div className="mx-auto mt-1 max-w-xl text-sm text-slate-600">{children}</div>
      {action && (
        <Link
          href={action.href}
          className="mt-4 inline-block rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {action.label}
        </Link>
      )}
    </section>
  );
}

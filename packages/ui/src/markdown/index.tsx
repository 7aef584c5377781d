"use client";
import { lazy, Suspense } from "react";
import { cx } from "../components";

// The renderer (react-markdown + remark-gfm, ~50 KiB gzip) is its own chunk, fetched after the page
// is interactive: the widget's first load does not grow, and until it arrives the text shows as it
// always did, as plain text.
const MarkdownContent = lazy(() => import("./render"));

/**
 * Text written in Markdown by the tenant (FAQ answers, documents, the bot's answers) or by staff
 * (agents' replies), rendered safely: no HTML, links only to http(s), mailto and tel, opened in a
 * new tab. Every surface uses this one component: widget, hosted page, inbox, playground.
 * Visitors' own text is never rendered as Markdown (shown as typed).
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cx("space-y-2 break-words", className)} data-markdown="">
      <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
        <MarkdownContent text={text} />
      </Suspense>
    </div>
  );
}

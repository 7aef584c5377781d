"use client";
import { cx } from "../components";
import MarkdownContent from "./render";

/**
 * Text written in Markdown by the tenant (FAQ answers, documents, the bot's answers) or by staff
 * (agents' replies), rendered safely: no HTML, links only to http(s), mailto and tel, opened in a
 * new tab. Every surface uses this one component: widget, hosted page, inbox, playground.
 * Visitors' own text is never rendered as Markdown (shown as typed).
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cx("space-y-2 break-words", className)} data-markdown="">
      <MarkdownContent text={text} />
    </div>
  );
}

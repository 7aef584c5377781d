"use client";
import { useState } from "react";
import { type Translate } from "../i18n";

/**
 * Copies a reply's text as the visitor reads it (the rendered Markdown's text, not its syntax),
 * then says "Copied" for a moment. The bot's reply is an answer ("Copy answer"); a person's from
 * the team is a message ("Copy message"). The clipboard API needs the iframe's `clipboard-write`
 * permission (the loader grants it); where it is refused, the older copy command is the fallback.
 */
export function CopyButton({ t, role }: { t: Translate; role: "BOT" | "AGENT" }) {
  const [copied, setCopied] = useState(false);
  const label = role === "AGENT" ? t("chat.copyMessage") : t("chat.copy");
  async function copy(button: HTMLElement) {
    const text = (button.closest("[data-answer]")?.querySelector("[data-markdown]") as HTMLElement | null)?.innerText.trim() ?? "";
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      button.focus();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button
      type="button"
      onClick={(e) => void copy(e.currentTarget)}
      aria-label={label}
      className="mt-1 rounded px-1.5 py-0.5 text-xs text-slate-500 hover:bg-slate-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-slate-500"
      data-testid="copy-answer"
    >
      {copied ? <span role="status">{t("chat.copied")}</span> : label}
    </button>
  );
}

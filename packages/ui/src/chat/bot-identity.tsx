"use client";
import { type Translate } from "../i18n";
import { textOnBrand } from "./brand-contrast";

/** The bot's picture beside its name in the widget's header (decorative: the name is next to it). */
export function BotAvatar({ url }: { url: string }) {
  return <img src={url} alt="" width={32} height={32} className="mr-1.5 h-8 w-8 shrink-0 rounded-full bg-white object-cover ring-2 ring-white/60" data-testid="bot-avatar" />;
}

/**
 * The questions the bot offers before the visitor's first message (Widget tab): one click asks it,
 * as if typed. Real buttons in a labelled group; the brand colour as text only where it reads on
 * white (the same 4.5:1 test as the header's), slate otherwise.
 */
export function SuggestedQuestions(props: { t: Translate; questions: readonly string[]; brandColor: string; disabled: boolean; onAsk: (question: string) => void }) {
  const readable = textOnBrand(props.brandColor) === "light";
  return (
    <div role="group" aria-label={props.t("chat.suggestedQuestions")} className="flex flex-wrap justify-end gap-2 pl-8" data-testid="suggested-questions">
      {props.questions.map((question) => (
        <button
          key={question}
          type="button"
          disabled={props.disabled}
          onClick={() => props.onAsk(question)}
          className="rounded-full bg-white px-3 py-1.5 text-left text-xs font-medium text-slate-800 ring-1 ring-inset hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50"
          style={{ color: readable ? props.brandColor : undefined, outlineColor: props.brandColor, ["--tw-ring-color" as string]: props.brandColor }}
          data-testid="suggested-question"
        >
          {question}
        </button>
      ))}
    </div>
  );
}

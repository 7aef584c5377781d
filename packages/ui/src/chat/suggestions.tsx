"use client";
import { type Translate } from "../i18n";

/** A "did you mean" entry offered under a bot reply. */
export interface ChatSuggestion {
  sourceId: string;
  title: string;
}

/**
 * Which message's "did you mean" choices can still be used: the last message, when it is a bot
 * reply that offered some. Once the visitor chose one or wrote on, a later message exists and
 * the choices go away (the choice itself shows as the visitor's message).
 */
export function activeSuggestionsMessageId(messages: readonly { id: string; role: string; suggestions?: readonly ChatSuggestion[] }[]): string | null {
  const last = messages.at(-1);
  return last && last.role === "BOT" && (last.suggestions?.length ?? 0) > 0 ? last.id : null;
}

/**
 * The quick replies under a bot reply: when it was not sure, one button per offered entry, then
 * "talk to a person" when the visitor may ask for one; under an answer (`related`), the related
 * questions only. Real buttons in a labelled group, so they are reached with Tab and used with
 * Enter or Space; disabled while a reply is on its way.
 */
export function SuggestionButtons(props: {
  t: Translate;
  suggestions: readonly ChatSuggestion[];
  brandColor: string;
  disabled: boolean;
  /** The reply answered (with a citation): these are related questions, not "did you mean". */
  related?: boolean;
  onChoose: (suggestion: ChatSuggestion) => void;
  onRequestHuman?: () => void;
}) {
  const { t } = props;
  const onRequestHuman = props.related ? undefined : props.onRequestHuman;
  const button =
    "rounded-full bg-white px-3 py-1.5 text-left text-xs font-medium ring-1 ring-inset hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50";
  return (
    <div role="group" aria-label={t(props.related ? "suggestions.related" : "suggestions.label")} className="mt-2 flex max-w-[85%] flex-wrap gap-2" data-testid="suggestions">
      {props.related && (
        <p className="w-full text-xs text-slate-500" aria-hidden="true">
          {t("suggestions.related")}
        </p>
      )}
      {props.suggestions.map((s) => (
        <button
          key={s.sourceId}
          type="button"
          disabled={props.disabled}
          onClick={() => props.onChoose(s)}
          className={button}
          style={{ color: props.brandColor, outlineColor: props.brandColor, ["--tw-ring-color" as string]: props.brandColor }}
          data-testid="suggestion"
        >
          {s.title}
        </button>
      ))}
      {onRequestHuman && (
        <button type="button" disabled={props.disabled} onClick={onRequestHuman} className={`${button} text-slate-700 ring-slate-300`} data-testid="suggestion-human">
          {t("handoff.talkToHuman")}
        </button>
      )}
    </div>
  );
}

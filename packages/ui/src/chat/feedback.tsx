"use client";
import { type FormEvent, useState } from "react";
import { cx } from "../components";
import { type MessageKey, type Translate } from "../i18n";

/** Why an answer did not help (the API's FeedbackReason; ui may not import @kefu/domain). */
export const FEEDBACK_REASONS = ["wrong", "incomplete", "not_understood", "other"] as const;
export type ChatFeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** The visitor's vote on one answer, as stored. */
export interface ChatFeedbackVote {
  helpful: boolean;
  reason?: ChatFeedbackReason | null;
}

/** What a vote sends; resolves true once stored. */
export type SendFeedback = (vote: { helpful: boolean; reason?: ChatFeedbackReason; comment?: string }) => Promise<boolean>;

/**
 * Which bot messages take a vote: answers from the knowledge, which cite it (a chosen "did you
 * mean" entry is answered with its citation). The same rule as the API's isFeedbackTarget.
 */
export function takesFeedback(message: { role: string; citations: readonly unknown[]; pending?: boolean }): boolean {
  return message.role === "BOT" && message.citations.length > 0 && !message.pending;
}

/**
 * Thumbs up/down under a bot answer: toggle buttons (aria-pressed shows the current vote, which
 * the visitor may change). A thumbs down is stored at once, then a small optional form asks why;
 * either way the visitor is thanked.
 */
export function AnswerFeedback({ t, vote, brandColor, onVote }: { t: Translate; vote: ChatFeedbackVote | undefined; brandColor: string; onVote: SendFeedback }) {
  const [phase, setPhase] = useState<"idle" | "why" | "thanks">("idle");
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function send(next: Parameters<SendFeedback>[0], after: "why" | "thanks") {
    setBusy(true);
    const ok = await onVote(next);
    setBusy(false);
    setFailed(!ok);
    if (ok) setPhase(after);
  }

  const button = "rounded-full px-2 py-0.5 text-sm ring-1 ring-inset ring-slate-300 hover:bg-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50";
  const pressed = { backgroundColor: "white", ["--tw-ring-color" as string]: brandColor, outlineColor: brandColor };
  return (
    <div className="mt-1 max-w-[85%] text-xs text-slate-500" data-testid="answer-feedback">
      <div role="group" aria-label={t("feedback.question")} className="flex items-center gap-1.5">
        <button
          type="button"
          aria-pressed={vote?.helpful === true}
          aria-label={t("feedback.helpful")}
          title={t("feedback.helpful")}
          disabled={busy}
          onClick={() => void send({ helpful: true }, "thanks")}
          className={cx(button, vote?.helpful === true && "ring-2")}
          style={vote?.helpful === true ? pressed : undefined}
          data-testid="feedback-up"
        >
          <ThumbIcon />
        </button>
        <button
          type="button"
          aria-pressed={vote?.helpful === false}
          aria-label={t("feedback.notHelpful")}
          title={t("feedback.notHelpful")}
          disabled={busy}
          onClick={() => void send({ helpful: false }, "why")}
          className={cx(button, vote?.helpful === false && "ring-2")}
          style={vote?.helpful === false ? pressed : undefined}
          data-testid="feedback-down"
        >
          <ThumbIcon down />
        </button>
        {phase === "thanks" && (
          <span role="status" data-testid="feedback-thanks">
            {t("feedback.thanks")}
          </span>
        )}
      </div>
      {failed && (
        <p role="alert" className="mt-1 text-red-600">
          {t("feedback.failed")}
        </p>
      )}
      {phase === "why" && (
        <ReasonForm
          t={t}
          brandColor={brandColor}
          busy={busy}
          onSend={(reason, comment) => void send({ helpful: false, reason, comment }, "thanks")}
          onSkip={() => setPhase("thanks")}
        />
      )}
    </div>
  );
}

/** The optional "what went wrong": one reason (radio buttons) and a few words. */
function ReasonForm(props: { t: Translate; brandColor: string; busy: boolean; onSend: (reason: ChatFeedbackReason | undefined, comment: string | undefined) => void; onSkip: () => void }) {
  const { t } = props;
  const [reason, setReason] = useState<ChatFeedbackReason | undefined>();
  const [comment, setComment] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSend(reason, comment.trim() || undefined);
  }
  return (
    <form onSubmit={submit} className="mt-1.5 space-y-1.5 rounded-lg bg-white p-2.5 ring-1 ring-slate-200" data-testid="feedback-reasons">
      <fieldset>
        <legend className="mb-1 font-medium text-slate-700">{t("feedback.reasonTitle")}</legend>
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {FEEDBACK_REASONS.map((r) => (
            <label key={r} className="inline-flex items-center gap-1 text-slate-700">
              <input type="radio" name="feedback-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
              {t(`feedback.reason.${r}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block text-slate-600">
        {t("feedback.comment")}
        <textarea
          rows={2}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          className="mt-0.5 block w-full resize-none rounded-md px-2 py-1 text-sm text-slate-800 ring-1 ring-slate-300"
        />
      </label>
      <div className="flex gap-2">
        <button type="submit" disabled={props.busy} className="rounded-md px-2.5 py-1 font-semibold text-white disabled:opacity-50" style={{ backgroundColor: props.brandColor }}>
          {t("feedback.send")}
        </button>
        <button type="button" onClick={props.onSkip} className="rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100">
          {t("feedback.skip")}
        </button>
      </div>
    </form>
  );
}

/**
 * A thumb drawn inline (stroke in the text colour): an emoji needs a colour-emoji font, which many
 * Linux desktops and kiosk browsers lack, and then shows as an empty box.
 */
export function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false" className="block" style={down ? { transform: "rotate(180deg)" } : undefined}>
      <path
        d="M7 10v11H3V10h4Zm0 0 4-8a2.5 2.5 0 0 1 3 2.5V9h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

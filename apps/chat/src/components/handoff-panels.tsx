"use client";
import { fillTemplate, MAX_MESSAGE_CHARS } from "@kefu/domain/visitor";
import { type Translate } from "@kefu/ui/i18n";
import { type FormEvent, useEffect, useRef, useState } from "react";

/** "Leave a message" when nobody is online: the e-mail and message land in the team's inbox. */
export function ContactForm({
  t,
  brandColor,
  onSubmit,
}: {
  t: Translate;
  brandColor: string;
  onSubmit: (input: { email: string; message: string }) => Promise<string | null>;
}) {
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Never cut what was typed or pasted: past the limit, say so and do not send.
  const length = message.trim().length;
  const tooLong = length > MAX_MESSAGE_CHARS;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (tooLong) return;
    setPending(true);
    // Keep what was typed when sending fails; the error says what to fix.
    setError(await onSubmit({ email, message }));
    setPending(false);
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-2 rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200" aria-label={t("handoff.contact.title")}>
      <p className="font-medium text-slate-800">{t("handoff.contact.title")}</p>
      <label className="block text-xs text-slate-600">
        {t("handoff.contact.email")}
        <input
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className="mt-1 block w-full rounded-md px-2 py-1.5 ring-1 ring-slate-300"
        />
      </label>
      <label className="block text-xs text-slate-600">
        {t("handoff.contact.message")}
        <textarea
          required
          rows={3}
          aria-invalid={tooLong || undefined}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          className="mt-1 block w-full rounded-md px-2 py-1.5 ring-1 ring-slate-300"
        />
      </label>
      {tooLong && (
        <p role="alert" className="text-xs text-red-600" data-testid="contact-too-long">
          {fillTemplate(t("chat.tooLong"), { count: length.toLocaleString(), max: MAX_MESSAGE_CHARS.toLocaleString() })}
        </p>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || tooLong} className="rounded-md px-3 py-1.5 text-xs font-semibold text-white disabled:opacity-50" style={{ backgroundColor: brandColor }}>
        {t("handoff.contact.send")}
      </button>
    </form>
  );
}

/**
 * The CSAT survey when a conversation is resolved or the visitor ended it: a star stores the rating
 * at once (one click is enough), then an optional comment goes with it (the latest rating counts).
 * `focus`: asked as the visitor closes the widget, it takes the focus (and so comes into view).
 */
export function RatingPrompt({
  t,
  brandColor,
  onRate,
  starLabel,
  focus = false,
}: {
  t: Translate;
  brandColor: string;
  onRate: (rating: number, comment?: string) => Promise<boolean>;
  starLabel: (n: number) => string;
  focus?: boolean;
}) {
  const firstStar = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) firstStar.current?.focus();
  }, [focus]);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [phase, setPhase] = useState<"stars" | "comment" | "done">("stars");
  const [failed, setFailed] = useState(false);
  const [pending, setPending] = useState(false);

  async function rate(n: number, words?: string) {
    setPending(true);
    const ok = await onRate(n, words);
    setPending(false);
    setFailed(!ok);
    if (!ok) return;
    setRating(n);
    setPhase(words === undefined ? "comment" : "done");
  }

  if (phase === "done") return <p role="status" className="text-center text-xs text-slate-500">{t("handoff.rate.thanks")}</p>;
  return (
    <div className="space-y-2 rounded-lg bg-white p-3 text-center text-sm ring-1 ring-slate-200" data-testid="rating-prompt">
      <div role="group" aria-label={t("handoff.rate.title")}>
        <p className="mb-1 font-medium text-slate-800">{t("handoff.rate.title")}</p>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            ref={n === 1 ? firstStar : undefined}
            type="button"
            aria-label={starLabel(n)}
            aria-pressed={rating === n}
            disabled={pending}
            className={`px-1 text-2xl hover:scale-110 ${rating !== null && n <= rating ? "text-amber-400" : rating === null ? "text-amber-400" : "text-slate-300"}`}
            onClick={() => void rate(n)}
          >
            ★
          </button>
        ))}
      </div>
      {failed && (
        <p role="alert" className="text-xs text-red-600">
          {t("feedback.failed")}
        </p>
      )}
      {phase === "comment" && rating !== null && (
        <form
          className="space-y-2 text-left"
          onSubmit={(e) => {
            e.preventDefault();
            void rate(rating, comment.trim());
          }}
        >
          <p role="status" className="text-center text-xs text-slate-500">
            {t("handoff.rate.thanks")}
          </p>
          <label className="block text-xs text-slate-600">
            {t("handoff.rate.comment")}
            <textarea
              rows={2}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              className="mt-1 block w-full resize-none rounded-md px-2 py-1.5 ring-1 ring-slate-300"
            />
          </label>
          <button
            type="submit"
            disabled={pending || comment.trim() === ""}
            className="rounded-md px-3 py-1.5 text-xs font-semibold text-white disabled:opacity-50"
            style={{ backgroundColor: brandColor }}
          >
            {t("handoff.rate.send")}
          </button>
        </form>
      )}
    </div>
  );
}

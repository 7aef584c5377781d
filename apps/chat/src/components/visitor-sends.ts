import { type MutableRefObject, useCallback, useEffect, useRef, useState } from "react";
import { type LoggedMessage } from "@kefu/domain";
import { type ChatSuggestion, type ChatViewMessage } from "@kefu/ui/chat";
import { busyRetryAfterMs, ChatCallError, rateLimited, type ChatClient, type ChatOutput } from "~/lib/chat-client";
import { newClientMessageId } from "~/lib/client-message-id";
import { type PrechatView } from "./prechat-form";

type Status = ChatOutput<"start">["status"];
/** What a send (or a chosen suggestion) streams back. */
type AnswerEvent = ChatOutput<"send"> extends AsyncIterable<infer E> ? E : never;

/** A failed send is tried again after 3 s, then 6, 12… up to 30 s between tries. */
const RETRY_FIRST_MS = 3000;
const RETRY_MAX_MS = 30_000;
const RETRY_CHECK_EVERY_MS = 1000;

/** Adds a message once: by id, or in place of the pending copy sent with the same client id. */
export function upsert(prev: ChatViewMessage[], message: ChatViewMessage & Pick<LoggedMessage, "clientMessageId">): ChatViewMessage[] {
  if (prev.some((m) => m.id === message.id)) return prev;
  const pending = message.clientMessageId ? prev.findIndex((m) => m.id === message.clientMessageId) : -1;
  if (pending >= 0) return prev.map((m, i) => (i === pending ? message : m));
  return [...prev, message];
}

/**
 * The conversation as the visitor sees it, and what they send into it: a message shows at once
 * (pending), streams its answer, and when it fails is resent with the same client id when due,
 * backing off (nothing stored twice); a rate-limited one goes back into the message box with a
 * notice that counts down. The chat app loads the history and live events into the same list.
 */
export function useVisitorSends({
  client,
  botId,
  token,
  startingOver,
  onStatus,
  onPrechat,
}: {
  client: ChatClient;
  botId: string;
  /** The visitor's token once the session started (null before: nothing is sent). */
  token: MutableRefObject<string | null>;
  /** Set while starting over; cleared by a send (see ChatApp). */
  startingOver: MutableRefObject<boolean>;
  onStatus: (status: Status) => void;
  /** The bot began asking for its pre-chat form after the page loaded. */
  onPrechat: (prechat: PrechatView | null) => void;
}) {
  const [messages, setMessages] = useState<ChatViewMessage[]>([]);
  const [streamingText, setStreamingText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Rate-limited: the refusal shown above the message box until it has passed, and the text put back in the box.
  const [rateAlert, setRateAlert] = useState<{ reason: string | null; until: number } | null>(null);
  const [restoredDraft, setRestoredDraft] = useState<{ text: string; key: number } | null>(null);
  const [, setClock] = useState(0);
  const drafts = useRef(new Map<string, string>());
  // Sends that failed (offline, server unreachable, no answer yet): resent with the same client
  // id when due, backing off, so nothing is stored twice.
  const failed = useRef(new Map<string, { attempts: number; dueAt: number }>());

  // A send's or a choice's answer as it streams: the stored visitor message (its id told to
  // `stored` at once, so a failure later is "no answer yet"), the answer's pieces, the answer.
  const follow = useCallback(
    async (stream: AsyncIterable<AnswerEvent>, clientMessageId: string, stored: (id: string) => void) => {
      for await (const event of stream) {
        if (event.type === "visitor_message") {
          stored(event.message.id);
          setMessages((prev) => upsert(prev, { ...event.message, clientMessageId }));
        } else if (event.type === "delta") setStreamingText((prev) => (prev ?? "") + event.text);
        // The AI model failed mid-answer: the quoted answer takes the partial one's place.
        else if (event.type === "replace") setStreamingText(event.text);
        else if (event.type === "bot_message" || event.type === "system_message") {
          setStreamingText(null);
          setMessages((prev) => upsert(prev, event.message));
        } else if (event.type === "handoff") onStatus(event.status);
      }
    },
    [onStatus],
  );

  const send = useCallback(
    async (text: string, clientMessageId: string) => {
      if (!token.current) return;
      startingOver.current = false;
      drafts.current.set(clientMessageId, text);
      setBusy(true);
      setMessages((prev) => [
        ...prev.filter((m) => m.id !== clientMessageId),
        { id: clientMessageId, role: "VISITOR", content: text, citations: [], pending: true },
      ]);
      // The stored copy's id, once the server has the message: a failure after that is "no answer
      // yet", shown as being retried rather than as not sent.
      let storedId: string | null = null;
      // Refused before anything was stored: the text goes back into the box, not into the conversation.
      const putBack = () => {
        drafts.current.delete(clientMessageId);
        failed.current.delete(clientMessageId);
        setMessages((prev) => prev.filter((m) => m.id !== clientMessageId));
        setRestoredDraft({ text, key: Date.now() });
      };
      try {
        const stream = await client.call("send", { botId, visitorToken: token.current, text, clientMessageId });
        await follow(stream, clientMessageId, (id) => (storedId = id));
        drafts.current.delete(clientMessageId);
        failed.current.delete(clientMessageId);
        setMessages((prev) => prev.map((m) => (m.id === storedId && m.retrying ? { ...m, retrying: false } : m)));
      } catch (error) {
        if (error instanceof ChatCallError && error.reason === "prechat_required") {
          // The bot began asking for its pre-chat form after this page loaded: the form first, the text back in the box.
          // The refusal carries this visitor's own form (without what the website signed): the session stays as it is.
          putBack();
          onPrechat(error.prechat);
          return;
        }
        const limited = rateLimited(error);
        if (limited) {
          putBack();
          setRateAlert({ reason: limited.reason, until: Date.now() + limited.seconds * 1000 });
          return;
        }
        const attempts = (failed.current.get(clientMessageId)?.attempts ?? 0) + 1;
        const backoff = Math.min(RETRY_FIRST_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
        // A busy server (503, with Retry-After): not an error for the visitor. The message stays
        // "sending" and goes again when the server said, spread a little so retries do not all arrive together.
        const retryAfterMs = busyRetryAfterMs(error, backoff);
        const dueAt = Date.now() + (retryAfterMs === null ? backoff : retryAfterMs * (1 + Math.random() * 0.2));
        failed.current.set(clientMessageId, { attempts, dueAt });
        setMessages((prev) =>
          prev.map((m) =>
            m.id === clientMessageId
              ? retryAfterMs === null
                ? { ...m, pending: false, failed: true }
                : m
              : m.id === storedId
                ? { ...m, retrying: true }
                : m,
          ),
        );
      } finally {
        setStreamingText(null);
        setBusy(false);
      }
    },
    [client, botId, token, startingOver, follow, onPrechat],
  );

  // A "did you mean" entry chosen under a bot reply: shown at once as the visitor's message, then
  // answered from that entry (streamed like a send). A refused choice goes away again, so the
  // buttons come back to be tried again.
  const choose = useCallback(
    async (messageId: string, suggestion: ChatSuggestion) => {
      if (!token.current) return;
      const clientMessageId = newClientMessageId();
      setBusy(true);
      setMessages((prev) => [...prev, { id: clientMessageId, role: "VISITOR", content: suggestion.title, citations: [], pending: true }]);
      try {
        const input = { botId, visitorToken: token.current, messageId, sourceId: suggestion.sourceId, clientMessageId };
        await follow(await client.call("chooseSuggestion", input), clientMessageId, () => undefined);
      } catch (error) {
        setMessages((prev) => prev.filter((m) => m.id !== clientMessageId));
        const limited = rateLimited(error);
        if (limited) setRateAlert({ reason: limited.reason, until: Date.now() + limited.seconds * 1000 });
      } finally {
        setStreamingText(null);
        setBusy(false);
      }
    },
    [client, botId, token, startingOver, follow, onPrechat],
  );

  // Resend what failed when it is due, with the same client ids, so nothing is stored twice; back
  // online, at once. The `online` event is not always delivered to an iframe, so the timer backs it up.
  useEffect(() => {
    const retryFailed = (all: boolean) => {
      if (!navigator.onLine) return;
      const now = Date.now();
      for (const [id, { attempts, dueAt }] of [...failed.current]) {
        const text = drafts.current.get(id);
        if (!text || dueAt === Infinity || (!all && dueAt > now)) continue;
        failed.current.set(id, { attempts, dueAt: Infinity }); // in flight: not resent again meanwhile
        void send(text, id);
      }
    };
    const online = () => retryFailed(true);
    window.addEventListener("online", online);
    const timer = setInterval(() => retryFailed(false), RETRY_CHECK_EVERY_MS);
    return () => {
      window.removeEventListener("online", online);
      clearInterval(timer);
    };
  }, [send]);

  // The rate-limit notice counts down, and goes once its time has passed.
  useEffect(() => {
    if (!rateAlert) return;
    const timer = setInterval(() => {
      if (Date.now() >= rateAlert.until) setRateAlert(null);
      else setClock((n) => n + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [rateAlert]);

  const resend = useCallback(
    (id: string) => {
      const text = drafts.current.get(id);
      if (text) void send(text, id);
    },
    [send],
  );
  /** Starting over: what failed in the old conversation is not sent into the new one. */
  const forgetUnsent = useCallback(() => {
    drafts.current.clear();
    failed.current.clear();
  }, []);

  return { messages, setMessages, streamingText, setStreamingText, busy, rateAlert, restoredDraft, send, choose, resend, forgetUnsent };
}

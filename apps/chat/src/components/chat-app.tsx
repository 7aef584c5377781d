"use client";
import { fillTemplate, isVisitorVisible, MAX_MESSAGE_CHARS } from "@kefu/domain/visitor";
import { type ChatFeedbackVote, ChatView } from "@kefu/ui/chat";
import { translator } from "@kefu/ui/i18n";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ChatCallError, createChatClient, type ChatOutput, type VisitorEvent } from "~/lib/chat-client";
import { newClientMessageId } from "~/lib/client-message-id";
import { readAttributes, readHostOrigin, readIdentity, readToken, writeToken } from "~/lib/visitor-frame";
import { ContactForm, RatingPrompt } from "./handoff-panels";
import { useImageUpload, type ImageUploadEvent } from "./image-upload";
import { PrechatForm, type PrechatView } from "./prechat-form";
import { useAgentPictures } from "./agent-pictures";
import { upsert, useVisitorSends } from "./visitor-sends";
import { useWidgetDialog } from "./widget-dialog";

// Calls go over batched streaming HTTP; live events over Server-Sent Events, which reconnect on
// their own and resume after the last event id (nothing lost, nothing twice).
const client = createChatClient();

type BotView = ChatOutput<"start">["bot"];
type Status = ChatOutput<"start">["status"];

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2500;

export function ChatApp({ botId, mode }: { botId: string; mode: "widget" | "hosted" }) {
  const [bot, setBot] = useState<BotView | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>("BOT");
  const [agentName, setAgentName] = useState<string | null>(null);
  const [typingUntil, setTypingUntil] = useState(0);
  const [allowHandoff, setAllowHandoff] = useState(false);
  const [askContact, setAskContact] = useState(false);
  // Waiting with nobody online (asked to leave a message), and whether they have: from the
  // session on load, then from live events, so a reload shows the same form and banner.
  const [offline, setOffline] = useState(false);
  const [contactLeft, setContactLeft] = useState(false);
  const [askRating, setAskRating] = useState(false);
  // Closing (×) asks for a rating first when there was an answer and no rating yet; a second × closes.
  const [closeSurvey, setCloseSurvey] = useState(false);
  const [rated, setRated] = useState(false);
  // The bot's pre-chat form, until the visitor has sent it (null: none to fill).
  const [prechat, setPrechat] = useState<PrechatView | null>(null);
  // The visitor's votes on answers, by message id (loaded with the history, then as they vote).
  const [votes, setVotes] = useState<Record<string, ChatFeedbackVote>>({});
  const [, setTick] = useState(0);
  const token = useRef<string | null>(null);
  // The host page's origin (widget mode): the one origin this frame posts messages to.
  const hostOriginRef = useRef<string | null>(null);
  const lastTypingSent = useRef(0);
  // Starting over: the old conversation's RESOLVED status and rating request, still on their way
  // over the live stream, are not the new one's (cleared when the visitor next sends).
  const startingOver = useRef(false);
  // Replies (bot or agent) seen so far: each new one is told to the loader, which counts it on the
  // launcher while the widget is closed (null until the conversation is loaded: history is not new).
  const repliesSeen = useRef<number | null>(null);
  // The assigned agent's name, for agent messages logged without one (before names were carried).
  const agentNameRef = useRef<string | null>(null);
  // The conversation as the visitor sees it, and their sends: shown at once, streamed, resent when they fail.
  const { messages, setMessages, streamingText, setStreamingText, busy, rateAlert, restoredDraft, send, choose, resend, forgetUnsent } = useVisitorSends({
    client,
    botId,
    token,
    startingOver,
    onStatus: setStatus,
    onPrechat: setPrechat,
  });
  // Before the bot (and its language) is known, follow the browser; set after mount
  // so the server render and the first client render agree.
  const [browserLocale, setBrowserLocale] = useState<"en" | "zh">("en");
  const t = useMemo(() => translator(bot?.language ?? browserLocale), [bot?.language, browserLocale]);
  const [frameHost] = useState(() => (mode === "widget" ? (readHostOrigin() ?? null) : null));
  // Escape leaves at once, without the rating survey the × asks for first: a key to get out stays one.
  useWidgetDialog({
    hostOrigin: frameHost,
    ready: bot !== null,
    onEscape: () => {
      setCloseSurvey(false);
      if (frameHost) window.parent.postMessage({ type: "kefu:close" }, frameHost);
    },
  });

  const onEvent = useCallback((event: VisitorEvent) => {
    if (event.type === "message") {
      const logged = event.payload;
      // Notes are logged for agents only and never streamed here; the check tells the type so.
      if (!isVisitorVisible(logged)) return;
      if (startingOver.current && logged.role === "SYSTEM") return; // the old conversation's "ended" notice
      // Only the assigned agent can write to the visitor, so a nameless agent message is theirs.
      const message = logged.role === "AGENT" && !logged.authorName ? { ...logged, authorName: agentNameRef.current } : logged;
      if (message.role === "BOT") setStreamingText(null);
      if (message.role === "AGENT") setTypingUntil(0);
      setMessages((prev) => upsert(prev, message));
    } else if (event.type === "status") {
      const { payload } = event;
      if (startingOver.current && payload.status === "RESOLVED") return;
      setStatus(payload.status);
      agentNameRef.current = payload.assigneeName;
      setAgentName(agentNameRef.current);
      if (payload.status !== "RESOLVED") {
        setAskRating(false);
        setRated(false);
      }
      if (payload.status === "ASSIGNED") setAskContact(false);
      if (payload.status !== "QUEUED") {
        setOffline(false);
        setContactLeft(false);
      }
    } else if (event.type === "typing") {
      setTypingUntil(Date.now() + TYPING_SHOWN_MS);
      setTimeout(() => setTick((n) => n + 1), TYPING_SHOWN_MS + 50);
    } else if (event.type === "collect_contact") {
      setAskContact(true);
      setOffline(true);
    } else if (event.type === "request_rating") {
      if (!startingOver.current) setAskRating(true);
    }
  }, []);

  useEffect(() => {
    if (navigator.language.toLowerCase().startsWith("zh")) setBrowserLocale("zh");
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    const hostOrigin = mode === "widget" ? readHostOrigin() : undefined;
    hostOriginRef.current = hostOrigin ?? null;
    const start = () => client
      .call("start", { botId, visitorToken: readToken(botId), attributes: readAttributes(), hostOrigin, ...(mode === "widget" ? readIdentity() : {}) })
      .then((session) => {
        if (cancelled) return;
        token.current = session.visitorToken;
        writeToken(botId, session.visitorToken);
        if (hostOrigin) window.parent.postMessage({ type: "kefu:session", visitorToken: session.visitorToken }, hostOrigin);
        setBot(session.bot);
        setPrechat(session.prechat);
        setMessages(session.messages);
        setVotes(Object.fromEntries(session.feedback.map((f) => [f.messageId, { helpful: f.helpful, reason: f.reason }])));
        setStatus(session.status);
        setAllowHandoff(session.allowHandoff);
        setOffline(session.offline);
        setContactLeft(session.contactLeft);
        setAskContact(session.offline && !session.contactLeft);
        document.documentElement.lang = session.bot.language === "zh" ? "zh-CN" : "en";
        unsubscribe = client.events({ botId, visitorToken: session.visitorToken, lastEventId: session.lastEventId }, onEvent);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const data = error instanceof ChatCallError ? error : undefined;
        const code = data?.code;
        setUnavailable(
          code === "TOO_MANY_REQUESTS"
            ? "rate_limited"
            : data?.reason === "identity_unverified"
            ? "identity"
            : code === "NOT_FOUND" || code === "BAD_REQUEST"
              ? "not_found"
              : code === "FORBIDDEN"
                ? "forbidden"
                : "error",
        );
      });
    // Preloaded by the loader while the host page was idle (#w=1): the page and its code are ready,
    // the conversation starts when the visitor opens the widget (the loader says so).
    const opened = (event: MessageEvent<unknown>) => {
      if (event.source !== window.parent || event.origin !== hostOrigin || (event.data as { type?: unknown } | null)?.type !== "kefu:open") return;
      window.removeEventListener("message", opened);
      if (!cancelled) void start();
    };
    if (hostOrigin && new URLSearchParams(window.location.hash.slice(1)).get("w") === "1") {
      window.addEventListener("message", opened);
      window.parent.postMessage({ type: "kefu:ready" }, hostOrigin);
    } else void start();
    return () => {
      cancelled = true;
      window.removeEventListener("message", opened);
      unsubscribe?.();
    };
  }, [botId, mode, onEvent]);


  const replies = messages.filter((m) => m.role === "BOT" || m.role === "AGENT").length;
  // Images (the paperclip, a paste or a drop): stored as visitor messages and answered like one.
  const onImageEvents = useCallback((events: ImageUploadEvent[]) => {
    startingOver.current = false;
    for (const event of events) {
      if (event.type === "handoff") setStatus(event.status);
      else {
        const message = event.message;
        if (isVisitorVisible(message)) setMessages((prev) => upsert(prev, message));
      }
    }
  }, []);
  const images = useImageUpload({ t, botId, visitorToken: bot ? token.current : null, enabled: bot !== null && prechat === null, messages, onEvents: onImageEvents });
  // An agent with no name to show is "Support agent" beside their picture, never part of an e-mail.
  const unnamedAgent = t("handoff.supportAgent");
  const assignedAgent = status === "ASSIGNED" ? (agentName ?? unnamedAgent) : null;
  const agentPictures = useAgentPictures({
    client,
    botId,
    visitorToken: bot ? token.current : null,
    messages,
    assignedName: assignedAgent,
    unnamed: unnamedAgent,
  });
  useEffect(() => {
    if (!bot) return;
    const seen = repliesSeen.current;
    if (seen !== null && replies > seen && hostOriginRef.current) window.parent.postMessage({ type: "kefu:reply", count: replies - seen }, hostOriginRef.current);
    repliesSeen.current = replies;
  }, [bot, replies]);

  if (unavailable) {
    return (
      <div role="alert" className="flex h-full items-center justify-center bg-white p-6 text-center text-sm text-slate-700">
        {unavailable === "rate_limited"
          ? t("chat.tooManyChats")
          : unavailable === "not_found"
          ? t("chat.unavailable")
          : unavailable === "forbidden"
            ? t("chat.notAllowedHere")
            : unavailable === "identity"
              ? t("chat.identityRefused")
              : t("common.error")}
      </div>
    );
  }
  if (!bot) {
    return <div className="flex h-full items-center justify-center bg-white text-sm text-slate-500">{t("common.loading")}</div>;
  }
  const visitorToken = token.current ?? "";
  // Nobody online: the banner says to leave a message (or that it was received), never "waiting for a person".
  const statusText =
    status === "QUEUED"
      ? t(offline ? (contactLeft ? "handoff.messageLeft" : "handoff.offline") : "handoff.queued")
      : status === "ASSIGNED"
        ? agentName
          ? fillTemplate(t("handoff.withAgent"), { name: agentName })
          : t("handoff.withAgentAnonymous")
        : null;
  // Once a person has joined, the header no longer says the visitor is talking to an AI assistant.
  const headerNotice = status === "ASSIGNED" ? t("chat.humanNotice") : null;
  const typing = typingUntil > Date.now();
  const waitSeconds = rateAlert ? Math.max(1, Math.ceil((rateAlert.until - Date.now()) / 1000)) : 0;
  const alertText = rateAlert
    ? fillTemplate(t(rateAlert.reason === "bot_busy" || rateAlert.reason === "tenant_busy" ? "chat.busyTenant" : "chat.tooFast"), { seconds: waitSeconds })
    : null;
  return (
    <ChatView
      t={t}
      botName={bot.displayName}
      avatarUrl={bot.avatarUrl}
      suggestedQuestions={bot.suggestedQuestions}
      brandColor={bot.brandColor}
      greeting={bot.greeting}
      privacyNotice={bot.privacyNotice}
      messages={messages}
      streamingText={streamingText}
      busy={busy}
      statusText={statusText}
      statusAgent={assignedAgent}
      agentPictures={agentPictures}
      headerNotice={headerNotice}
      maxLength={MAX_MESSAGE_CHARS}
      typingText={typing ? (agentName ? fillTemplate(t("handoff.agentTyping"), { name: agentName }) : t("handoff.someoneTyping")) : null}
      alertText={alertText}
      restoredDraft={restoredDraft}
      attachmentUrl={images.url}
      composerStart={images.button}
      composerNotice={images.notice}
      composerHidden={prechat !== null}
      onSend={(text) => void send(text, newClientMessageId())}
      onChooseSuggestion={status === "BOT" || status === "RESOLVED" ? (messageId, suggestion) => void choose(messageId, suggestion) : undefined}
      onRetry={resend}
      onTyping={() => {
        if (status !== "ASSIGNED" && status !== "QUEUED") return;
        if (Date.now() - lastTypingSent.current < TYPING_SENT_EVERY_MS) return;
        lastTypingSent.current = Date.now();
        void client.call("typing", { botId, visitorToken }).catch(() => undefined);
      }}
      feedback={votes}
      onFeedback={async (messageId, vote) => {
        try {
          const saved = await client.call("giveFeedback", { botId, visitorToken, messageId, ...vote });
          setVotes((prev) => ({ ...prev, [messageId]: { helpful: saved.helpful, reason: saved.reason } }));
          return true;
        } catch {
          return false;
        }
      }}
      onEndChat={
        status !== "RESOLVED" && messages.some((m) => m.role === "VISITOR")
          ? () =>
              void client
                .call("endConversation", { botId, visitorToken })
                .then((r) => {
                  setStatus(r.status);
                  setAskRating(true);
                })
                .catch(() => undefined)
          : undefined
      }
      onNewChat={
        messages.some((m) => m.role === "VISITOR")
          ? () => {
              // A fresh start, not a goodbye: no rating is asked for the conversation left behind
              // (the visitor chose to move on; the × and "End chat" still ask).
              startingOver.current = status !== "RESOLVED";
              const end = status === "RESOLVED" ? Promise.resolve() : client.call("endConversation", { botId, visitorToken });
              void end
                .then(() => {
                  setMessages([]);
                  setVotes({});
                  setStatus("BOT");
                  setAskRating(false);
                  setCloseSurvey(false);
                  setRated(false);
                  setAskContact(false);
                  setOffline(false);
                  setContactLeft(false);
                  setStreamingText(null);
                  forgetUnsent();
                })
                .catch(() => undefined);
            }
          : undefined
      }
      confirmNewChat={status === "ASSIGNED"}
      onRequestHuman={
        allowHandoff && !prechat && (status === "BOT" || status === "RESOLVED")
          ? () => void client.call("requestHuman", { botId, visitorToken }).then((r) => setStatus(r.status)).catch(() => undefined)
          : undefined
      }
      footer={
        <>
          {prechat && (
            <PrechatForm
              t={t}
              brandColor={bot.brandColor}
              fields={prechat.fields}
              onSubmit={async (answers) => {
                try {
                  await client.call("submitPrechat", { botId, visitorToken, answers });
                  setPrechat(null);
                  // The message box takes the form's place: the keyboard goes on there.
                  setTimeout(() => document.getElementById("kefu-chat-input")?.focus(), 0);
                  return null;
                } catch (error) {
                  if (error instanceof ChatCallError && error.reason === "prechat_invalid" && error.details) return error.details;
                  return t("common.error");
                }
              }}
            />
          )}
          {askContact && status !== "ASSIGNED" && (
            <ContactForm
              t={t}
              brandColor={bot.brandColor}
              onSubmit={async (input) => {
                try {
                  await client.call("leaveContact", { botId, visitorToken, ...input });
                  setAskContact(false);
                  setContactLeft(true);
                  return null;
                } catch (error) {
                  return error instanceof ChatCallError ? error.message : t("common.error");
                }
              }}
            />
          )}
          {((askRating && status === "RESOLVED") || closeSurvey) && (
            <RatingPrompt
              t={t}
              brandColor={bot.brandColor}
              focus={closeSurvey}
              starLabel={(n) => fillTemplate(t("handoff.rate.star"), { n })}
              onRate={async (rating, comment) => {
                try {
                  // Rated as the widget closes: the conversation ends with it (a rating is of a finished one).
                  if (status !== "RESOLVED") setStatus((await client.call("endConversation", { botId, visitorToken })).status);
                  await client.call("rate", { botId, visitorToken, rating, comment });
                  setRated(true);
                  return true;
                } catch {
                  return false;
                }
              }}
            />
          )}
        </>
      }
      onClose={
        mode === "widget"
          ? () => {
              const answered = messages.some((m) => m.role === "BOT" || m.role === "AGENT");
              if (answered && !rated && !closeSurvey && !(askRating && status === "RESOLVED")) {
                setCloseSurvey(true);
                return;
              }
              setCloseSurvey(false);
              if (hostOriginRef.current) window.parent.postMessage({ type: "kefu:close" }, hostOriginRef.current);
            }
          : undefined
      }
    />
  );
}

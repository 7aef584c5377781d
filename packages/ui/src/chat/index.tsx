"use client";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { cx } from "../components";
import { type Translate } from "../i18n";
import { Composer } from "./composer";
import { Markdown } from "../markdown";
import { textOnBrand } from "./brand-contrast";
import { AgentAvatar } from "./agent-avatar";
import { BotAvatar, SuggestedQuestions } from "./bot-identity";
import { MessageImages, type ChatAttachment } from "./attachments";
import { CopyButton } from "./copy";
import { AnswerFeedback, takesFeedback, type ChatFeedbackVote, type SendFeedback } from "./feedback";
import { activeSuggestionsMessageId, SuggestionButtons, type ChatSuggestion } from "./suggestions";
import { useScrollWhenGrows } from "./scroll-when-grows";

export { type ChatSuggestion } from "./suggestions";
export { ImageFileInput, MessageImages, type ChatAttachment } from "./attachments";
export { textOnBrand } from "./brand-contrast";
export { takesFeedback, ThumbIcon, type ChatFeedbackReason, type ChatFeedbackVote, type SendFeedback } from "./feedback";

export interface ChatCitation {
  sourceId: string;
  title: string;
  snippet: string;
}

/**
 * What the view needs of a message. ui may not import @kefu/domain, so this is the structural
 * part of the domain's message (ChatMessage, LoggedMessage) that the apps pass in, plus the
 * widget's own sending state; notes never reach the view, hence no NOTE role.
 */
export interface ChatViewMessage {
  id: string;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  content: string;
  citations: ChatCitation[];
  /** The "did you mean" entries a bot reply offered when it was not sure. */
  suggestions?: ChatSuggestion[];
  /** Shown under a bot answer that took an unusual path (e.g. the AI model was unavailable). */
  notice?: string | null;
  /** The display name of the agent who wrote an AGENT message. */
  authorName?: string | null;
  /** That agent's opaque key (two agents may share a name); absent on messages logged before keys. */
  authorKey?: string | null;
  pending?: boolean;
  failed?: boolean;
  /** Stored, but the answer failed: the widget is asking again by itself. */
  retrying?: boolean;
  /** Images sent with the message (its text may then be empty). */
  attachments?: ChatAttachment[];
}

export interface ChatViewProps {
  t: Translate;
  /** The name in the header: the bot's display name (Widget tab), or its name. */
  botName: string;
  /** The bot's picture beside it (a data: URL), when it has one. */
  avatarUrl?: string | null;
  /** Offered as one-click questions under the greeting until the visitor's first message. */
  suggestedQuestions?: readonly string[];
  /** Scroll to the latest message as messages arrive (default); off in the dashboard's preview, which must not move the page. */
  scrollToLatest?: boolean;
  brandColor: string;
  greeting: string;
  messages: ChatViewMessage[];
  /** Text of the answer being streamed, or null when none is. */
  streamingText: string | null;
  busy: boolean;
  onSend: (text: string) => void;
  onRetry?: (messageId: string) => void;
  onClose?: () => void;
  /** Shows a "talk to a person" button (when the bot allows handoff and a person is not already on it). */
  onRequestHuman?: () => void;
  /** A "did you mean" entry chosen under the bot reply `messageId` (the buttons show only with this). */
  onChooseSuggestion?: (messageId: string, suggestion: ChatSuggestion) => void;
  /** Where the visitor's conversation stands, e.g. "Waiting for a person to join…" (null: nothing to say). */
  statusText?: string | null;
  /** The person the visitor is talking to, whose picture (or initial) goes before the status text. */
  statusAgent?: string | null;
  /**
   * Agents' picture URLs (null or absent: their initial): by key for messages that carry their
   * author's key, by display name for older messages and for the agent in the status bar.
   */
  agentPictures?: AgentPictures;
  /** Who the visitor is talking to, under the bot's name (default: the AI assistant notice). */
  headerNotice?: string | null;
  /** The longest message the server takes: a counter shows near it, and past it sending is refused with the reason. */
  maxLength?: number;
  /** "Li is typing…", while the other side types. */
  typingText?: string | null;
  /** Called (throttled by the caller) while the visitor types. */
  onTyping?: () => void;
  /** The visitor's votes on answers, by message id. */
  feedback?: Readonly<Record<string, ChatFeedbackVote>>;
  /** Thumbs up/down under each answer (shown only with this). */
  onFeedback?: (messageId: string, vote: Parameters<SendFeedback>[0]) => Promise<boolean>;
  /** An "end chat" button: the visitor ends the conversation (then asked for a rating). */
  onEndChat?: () => void;
  /** A "new chat" header action: ends this conversation and starts a fresh one. */
  onNewChat?: () => void;
  /** Ask before starting over (a person is in the conversation); otherwise it starts at once. */
  confirmNewChat?: boolean;
  /** Extra panels under the conversation: leave-a-message form, rating. */
  footer?: ReactNode;
  /** No message box (the pre-chat form, in the footer, comes first). */
  composerHidden?: boolean;
  /**
   * The bot's privacy notice: shown above the message box until the visitor's first message.
   * Informing, not a consent gate (as Intercom and Chatwoot do): chatting stays one step away.
   */
  privacyNotice?: { text: string; url: string | null } | null;
  /** A refusal to show above the message box, e.g. "You're sending messages too fast" (null: none). */
  alertText?: string | null;
  /**
   * A message the server did not take (rate-limited): put back into the message box so nothing the
   * visitor typed is lost. `key` changes with each refusal.
   */
  restoredDraft?: { text: string; key: number } | null;
  /** Where an image sent in the chat is read from (images show only with this). */
  attachmentUrl?: (attachmentId: string) => string;
  /** Beside the message box, e.g. the widget's image button. */
  composerStart?: ReactNode;
  /** Above the message box, e.g. an image's upload progress or why it was refused. */
  composerNotice?: ReactNode;
}

/** The visitor-facing conversation: used by the widget iframe and the hosted page. */
export function ChatView(props: ChatViewProps) {
  const { t, messages, streamingText } = props;
  const [confirming, setConfirming] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const suggesting = props.onChooseSuggestion ? activeSuggestionsMessageId(messages) : null;

  const scrolls = props.scrollToLatest ?? true;
  useEffect(() => {
    if (scrolls) endRef.current?.scrollIntoView({ block: "end" });
  }, [messages.length, streamingText, scrolls]);
  // The panels under the conversation (rating, leave a message) appear and grow without a new message.
  const footerRef = useRef<HTMLDivElement>(null);
  useScrollWhenGrows(footerRef, endRef, scrolls);

  // Header buttons darken a brand under white text and lighten it under dark text: contrast grows either way.
  const light = textOnBrand(props.brandColor) === "light";
  const pill = light ? "bg-black/20 hover:bg-black/30" : "bg-white/50 hover:bg-white/70";
  const icon = light ? "hover:bg-black/20" : "hover:bg-white/50";
  return (
    <div className="flex h-full flex-col bg-white">
      <header className={cx("flex flex-wrap items-center gap-x-1 gap-y-2 px-4 py-3", light ? "text-white" : "text-slate-900")} style={{ backgroundColor: props.brandColor }}>
        {props.avatarUrl && <BotAvatar url={props.avatarUrl} />}
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold">{props.botName}</h1>
          <p className="text-xs opacity-90" data-testid="chat-header-notice">
            {props.headerNotice ?? t("chat.aiNotice")}
          </p>
        </div>
        {props.onNewChat && (
          <button
            type="button"
            onClick={() => (props.confirmNewChat ? setConfirming(true) : props.onNewChat?.())}
            aria-label={t("chat.newChat")}
            title={t("chat.newChat")}
            className={cx("shrink-0 self-start rounded p-1", icon)}
            data-testid="new-chat"
          >
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M12 5v14M5 12h14" />
            </svg>
          </button>
        )}
        {props.onClose && (
          <button type="button" onClick={props.onClose} aria-label={t("chat.close")} className={cx("shrink-0 self-start rounded p-1 text-xl leading-none", icon)}>
            ×
          </button>
        )}
        {/* The actions on a row of their own: beside the name they squeezed it to a few letters. */}
        {(props.onRequestHuman || props.onEndChat) && (
          <div className="flex basis-full flex-wrap gap-2">
            {props.onRequestHuman && (
              <button type="button" onClick={props.onRequestHuman} className={cx("whitespace-nowrap rounded-full px-3 py-1 text-xs font-medium", pill)}>
                {t("handoff.talkToHuman")}
              </button>
            )}
            {props.onEndChat && (
              <button type="button" onClick={props.onEndChat} className={cx("whitespace-nowrap rounded-full px-3 py-1 text-xs font-medium", pill)} data-testid="end-chat">
                {t("chat.endChat")}
              </button>
            )}
          </div>
        )}
      </header>
      {confirming && props.onNewChat && (
        <div role="alertdialog" aria-label={t("chat.newChat")} className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-700">
          <p className="flex-1">{t("chat.newChatConfirm")}</p>
          <button
            type="button"
            className="rounded-md px-2 py-1 font-semibold text-white"
            style={{ backgroundColor: props.brandColor }}
            onClick={() => {
              setConfirming(false);
              props.onNewChat?.();
            }}
          >
            {t("chat.newChatYes")}
          </button>
          <button type="button" className="rounded-md px-2 py-1 ring-1 ring-slate-300" onClick={() => setConfirming(false)}>
            {t("common.cancel")}
          </button>
        </div>
      )}
      {props.statusText && (
        <p role="status" className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-900" data-testid="chat-status">
          {props.statusAgent && <AgentAvatar name={props.statusAgent} pictureUrl={props.agentPictures?.byName[props.statusAgent]} size="md" />}
          {props.statusText}
        </p>
      )}
      <div className="flex-1 space-y-3 overflow-y-auto bg-slate-50 px-4 py-4" role="log" aria-live="polite" aria-label={props.botName}>
        <Bubble role="BOT" brandColor={props.brandColor}>
          {props.greeting}
        </Bubble>
        {/* Not while the pre-chat form is to be filled: nothing can be asked before it is sent. */}
        {!!props.suggestedQuestions?.length && !props.composerHidden && !messages.some((m) => m.role === "VISITOR") && (
          <SuggestedQuestions t={t} questions={props.suggestedQuestions} brandColor={props.brandColor} disabled={props.busy} onAsk={props.onSend} />
        )}
        {messages.map((message, i) => (
          <div key={message.id} data-testid={`message-${message.role.toLowerCase()}`} data-answer={message.role === "BOT" || message.role === "AGENT" ? "" : undefined}>
            {showAuthor(messages, i) && (
              <p className="mb-1 ml-1 flex items-center gap-1.5 text-xs font-medium text-slate-500" data-testid="message-author">
                <AgentAvatar name={message.authorName ?? t("handoff.supportAgent")} pictureUrl={pictureOf(props.agentPictures, message)} />
                {message.authorName ?? t("handoff.supportAgent")}
              </p>
            )}
            {(message.content !== "" || !message.attachments?.length) && (
              <Bubble role={message.role} brandColor={props.brandColor}>
                {message.content}
              </Bubble>
            )}
            {props.attachmentUrl && message.attachments?.length ? (
              <MessageImages
                t={t}
                attachments={message.attachments}
                url={props.attachmentUrl}
                mine={message.role === "VISITOR"}
                who={message.role === "VISITOR" ? t("attachments.you") : (message.authorName ?? (message.role === "AGENT" ? t("handoff.supportAgent") : props.botName))}
              />
            ) : null}
            {message.retrying && (
              <p className="mt-1 text-right text-xs text-slate-500" role="status">
                {t("chat.retrying")}
              </p>
            )}
            {message.failed && (
              <p className="mt-1 text-right text-xs text-red-600">
                {t("chat.failed")}{" "}
                {props.onRetry && (
                  <button type="button" className="underline" onClick={() => props.onRetry?.(message.id)}>
                    {t("chat.retry")}
                  </button>
                )}
              </p>
            )}
            {message.citations.length > 0 && <Citations t={t} citations={message.citations} />}
            {(message.role === "BOT" || message.role === "AGENT") && message.content !== "" && <CopyButton t={t} role={message.role} />}
            {props.onFeedback && takesFeedback(message) && (
              <AnswerFeedback
                t={t}
                vote={props.feedback?.[message.id]}
                brandColor={props.brandColor}
                onVote={(vote) => props.onFeedback!(message.id, vote)}
              />
            )}
            {message.id === suggesting && (
              <SuggestionButtons
                t={t}
                suggestions={message.suggestions ?? []}
                related={message.citations.length > 0}
                brandColor={props.brandColor}
                disabled={props.busy}
                onChoose={(s) => {
                  props.onChooseSuggestion?.(message.id, s);
                  // The buttons go once chosen: focus moves to the message box, not to the page.
                  inputRef.current?.focus();
                }}
                onRequestHuman={props.onRequestHuman}
              />
            )}
            {message.notice && (
              <p className="mt-1 max-w-[85%] text-xs italic text-amber-700" role="note" data-testid="message-notice">
                {message.notice}
              </p>
            )}
          </div>
        ))}
        {streamingText !== null && (
          <div data-testid="message-streaming">
            <Bubble role="BOT" brandColor={props.brandColor}>
              {streamingText || t("chat.thinking")}
            </Bubble>
          </div>
        )}
        {props.typingText && (
          <p className="text-xs italic text-slate-500" data-testid="chat-typing">
            {props.typingText}
          </p>
        )}
        <div ref={footerRef} className="space-y-3 empty:hidden">
          {props.footer}
        </div>
        <div ref={endRef} />
      </div>
      {props.privacyNotice && !messages.some((m) => m.role === "VISITOR") && (
        <aside
          aria-label={t("chat.privacyNotice")}
          className="whitespace-pre-wrap border-t border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-600"
          data-testid="privacy-notice"
        >
          {props.privacyNotice.text}
          {props.privacyNotice.url && (
            <>
              {" "}
              <a href={props.privacyNotice.url} target="_blank" rel="noopener noreferrer" className="font-medium underline">
                {t("chat.privacyLink")}
              </a>
            </>
          )}
        </aside>
      )}
      {props.alertText && (
        <p role="alert" className="border-t border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-800" data-testid="chat-alert">
          {props.alertText}
        </p>
      )}
      <Composer
        t={t}
        inputRef={inputRef}
        busy={props.busy}
        brandColor={props.brandColor}
        maxLength={props.maxLength ?? 4000}
        hidden={props.composerHidden ?? false}
        start={props.composerStart}
        notice={props.composerNotice}
        restoredDraft={props.restoredDraft ?? null}
        onSend={props.onSend}
        onTyping={props.onTyping}
      />
      <p className="bg-white pb-2 text-center text-[11px] text-slate-500">{t("chat.poweredBy")}</p>
    </div>
  );
}


/** Agents' picture URLs by agent key and by display name (ChatViewProps.agentPictures). */
export interface AgentPictures {
  byKey: Readonly<Record<string, string | null>>;
  byName: Readonly<Record<string, string | null>>;
}

/** The picture of a message's author: by their key when the message has one, else by name. */
function pictureOf(pictures: AgentPictures | undefined, m: ChatViewMessage): string | null | undefined {
  return m.authorKey ? pictures?.byKey[m.authorKey] : pictures?.byName[m.authorName ?? ""];
}

/**
 * An agent's name ("Support agent" when they have none to show) goes above their message, once per
 * run of messages from the same agent (by key, else name). A message that names no author at all
 * (logged before messages carried one) has no line.
 */
function showAuthor(messages: ChatViewMessage[], i: number): boolean {
  const m = messages[i]!;
  if (m.role !== "AGENT" || (!m.authorName && !m.authorKey)) return false;
  const prev = messages[i - 1];
  return !(prev?.role === "AGENT" && prev.authorName === m.authorName && (prev.authorKey ?? null) === (m.authorKey ?? null));
}

function Bubble({ role, brandColor, children }: { role: ChatViewMessage["role"]; brandColor: string; children: string }) {
  if (role === "SYSTEM") {
    return (
      <p role="note" className="mx-auto max-w-[90%] text-center text-xs text-slate-500">
        {children}
      </p>
    );
  }
  const mine = role === "VISITOR";
  const bubble = cx("max-w-[85%] break-words rounded-2xl px-3.5 py-2 text-sm shadow-sm", mine ? "text-white" : "bg-white text-slate-800 ring-1 ring-slate-200");
  return (
    <div className={cx("flex", mine ? "justify-end" : "justify-start")}>
      {/* The bot's and agents' text is Markdown; the visitor's is shown exactly as typed. */}
      {mine ? (
        <p className={cx(bubble, "whitespace-pre-wrap")} style={{ backgroundColor: brandColor }}>
          {children}
        </p>
      ) : (
        <Markdown text={children} className={bubble} />
      )}
    </div>
  );
}

function Citations({ t, citations }: { t: Translate; citations: ChatCitation[] }) {
  return (
    <div className="mt-1 max-w-[85%] text-xs text-slate-500" data-testid="citations">
      <span className="font-medium">{t("chat.sources")}:</span>{" "}
      {citations.map((c, i) => (
        <span key={c.sourceId} title={c.snippet} className="mr-1 inline-block rounded bg-slate-200/70 px-1.5 py-0.5 text-slate-700">
          [{i + 1}] {c.title}
        </span>
      ))}
    </div>
  );
}

"use client";
import { type PublicRouter } from "@kefu/api";
import { type ChatViewMessage, ChatView } from "@kefu/ui/chat";
import { translator } from "@kefu/ui/i18n";
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import superjson from "superjson";

const client = createTRPCClient<PublicRouter>({
  links: [httpBatchStreamLink({ url: "/api/trpc", transformer: superjson })],
});

interface BotView {
  id: string;
  name: string;
  greeting: string;
  language: "en" | "zh";
  brandColor: string;
}

const tokenKey = (botId: string) => `kefu:visitor:${botId}`;

function newClientMessageId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

/**
 * The widget loader passes the token it keeps on the host page in the fragment
 * (#t=…); the hosted page keeps it in its own storage.
 */
function readToken(botId: string): string | undefined {
  const fromLoader = new URLSearchParams(window.location.hash.slice(1)).get("t");
  if (fromLoader && /^[A-Za-z0-9_-]{43}$/.test(fromLoader)) return fromLoader;
  try {
    return localStorage.getItem(tokenKey(botId)) ?? undefined;
  } catch {
    return undefined; // storage blocked: the conversation lasts for this page view
  }
}

function writeToken(botId: string, token: string) {
  try {
    localStorage.setItem(tokenKey(botId), token);
  } catch {
    /* storage blocked */
  }
}

export function ChatApp({ botId, mode }: { botId: string; mode: "widget" | "hosted" }) {
  const [bot, setBot] = useState<BotView | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatViewMessage[]>([]);
  const [streamingText, setStreamingText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const token = useRef<string | null>(null);
  const drafts = useRef(new Map<string, string>());
  // Before the bot (and its language) is known, follow the browser; set after mount
  // so the server render and the first client render agree.
  const [browserLocale, setBrowserLocale] = useState<"en" | "zh">("en");
  const t = useMemo(() => translator(bot?.language ?? browserLocale), [bot?.language, browserLocale]);

  useEffect(() => {
    if (navigator.language.toLowerCase().startsWith("zh")) setBrowserLocale("zh");
    let cancelled = false;
    client.chat.start
      .mutate({ botId, visitorToken: readToken(botId) })
      .then((session) => {
        if (cancelled) return;
        token.current = session.visitorToken;
        writeToken(botId, session.visitorToken);
        if (mode === "widget") window.parent.postMessage({ type: "kefu:session", visitorToken: session.visitorToken }, "*");
        setBot(session.bot);
        setMessages(session.messages);
        document.documentElement.lang = session.bot.language === "zh" ? "zh-CN" : "en";
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
        setUnavailable(code === "NOT_FOUND" || code === "BAD_REQUEST" ? "not_found" : "error");
      });
    return () => {
      cancelled = true;
    };
  }, [botId, mode]);

  const send = useCallback(
    async (text: string, clientMessageId: string) => {
      if (!token.current) return;
      drafts.current.set(clientMessageId, text);
      setBusy(true);
      setMessages((prev) => [
        ...prev.filter((m) => m.id !== clientMessageId),
        { id: clientMessageId, role: "VISITOR", content: text, citations: [], pending: true },
      ]);
      setStreamingText("");
      try {
        const stream = await client.chat.send.mutate({ botId, visitorToken: token.current, text, clientMessageId });
        for await (const event of stream) {
          if (event.type === "visitor_message") {
            setMessages((prev) => prev.map((m) => (m.id === clientMessageId ? event.message : m)));
          } else if (event.type === "delta") {
            setStreamingText((prev) => (prev ?? "") + event.text);
          } else {
            setStreamingText(null);
            setMessages((prev) => [...prev, event.message]);
          }
        }
        drafts.current.delete(clientMessageId);
      } catch {
        setStreamingText(null);
        setMessages((prev) => prev.map((m) => (m.id === clientMessageId ? { ...m, pending: false, failed: true } : m)));
      } finally {
        setBusy(false);
      }
    },
    [botId],
  );

  if (unavailable) {
    return (
      <div role="alert" className="flex h-full items-center justify-center bg-white p-6 text-center text-sm text-slate-700">
        {unavailable === "not_found" ? t("chat.unavailable") : t("common.error")}
      </div>
    );
  }
  if (!bot) {
    return <div className="flex h-full items-center justify-center bg-white text-sm text-slate-500">{t("common.loading")}</div>;
  }
  return (
    <ChatView
      t={t}
      botName={bot.name}
      brandColor={bot.brandColor}
      greeting={bot.greeting}
      messages={messages}
      streamingText={streamingText}
      busy={busy}
      onSend={(text) => void send(text, newClientMessageId())}
      onRetry={(id) => {
        const text = drafts.current.get(id);
        if (text) void send(text, id);
      }}
      onClose={mode === "widget" ? () => window.parent.postMessage({ type: "kefu:close" }, "*") : undefined}
    />
  );
}

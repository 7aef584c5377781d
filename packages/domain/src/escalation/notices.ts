/**
 * Visitor-facing notices: the visitor is always told who they are talking to and what happens
 * next. The state machine emits them as data; the widget and server render them with
 * noticeText in the bot's language.
 */
export type Notice =
  | { kind: "ai_assistant" }
  | { kind: "queued"; position: number | null }
  | { kind: "agent_joined"; agentName: string | null }
  | { kind: "offline" }
  | { kind: "contact_received"; email: string | null }
  /** The visitor wrote while waiting with nobody online. */
  | { kind: "offline_kept"; email: string | null }
  | { kind: "bot_resumed" }
  | { kind: "resolved" };

export type NoticeLanguage = "en" | "zh";

export function noticeText(notice: Notice, language: NoticeLanguage): string {
  const zh = language === "zh";
  switch (notice.kind) {
    case "ai_assistant":
      return zh ? "我是 AI 助手，随时可以为您转接人工客服。" : "I'm an AI assistant. You can ask for a human at any time.";
    case "queued": {
      const position = notice.position !== null && notice.position > 0 ? Math.floor(notice.position) : null;
      if (zh) return position ? `正在为您转接人工客服，您目前排在第 ${position} 位。` : "正在为您转接人工客服，请稍候。";
      return position
        ? `Connecting you to a human — you are number ${position} in the queue.`
        : "Connecting you to a human — please wait a moment.";
    }
    case "agent_joined":
      if (zh) return notice.agentName ? `客服 ${notice.agentName} 已加入对话。` : "人工客服已加入对话。";
      return notice.agentName ? `${notice.agentName} joined the conversation.` : "An agent joined the conversation.";
    case "offline":
      return zh
        ? "我们的团队目前不在线。请留下您的邮箱和留言，我们会尽快回复。"
        : "Our team is offline right now. Leave your e-mail and a message, and we'll reply.";
    case "contact_received":
      if (zh) return notice.email ? `已收到您的留言，我们会回复到 ${notice.email}。` : "已收到您的留言，我们会尽快回复。";
      return notice.email ? `Thanks — we got your message and will reply to ${notice.email}.` : "Thanks — we got your message and will reply soon.";
    case "offline_kept":
      if (zh) return notice.email ? `人工客服暂时不在线，您的消息已保存，我们会回复到 ${notice.email}。` : "人工客服暂时不在线，您的消息已保存。请在下方留下邮箱，以便我们回复您。";
      return notice.email
        ? `Nobody is online right now. We've kept your message and will reply to ${notice.email}.`
        : "Nobody is online right now. We've kept your message; leave your e-mail in the form below so we can reply.";
    case "bot_resumed":
      return zh ? "您现在由 AI 助手继续服务，需要时可随时转人工。" : "You're back with the AI assistant. Ask for a human any time.";
    case "resolved":
      return zh ? "本次对话已结束。欢迎为我们的服务评分。" : "The conversation was resolved. Please rate your experience.";
  }
}

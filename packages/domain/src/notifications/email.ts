import type { EscalationReason } from "../escalation/model";
import type { ContactLeftData, EndpointDisabledData, EscalatedData, NotificationData, ResolvedData } from "./payloads";

/**
 * The plain-text e-mail of a notification, English then Chinese in one message: the recipients'
 * language is not known, and every admin can read one of the two.
 */
export interface NotificationEmail {
  subject: string;
  text: string;
}

const REASONS: Record<EscalationReason, [string, string]> = {
  visitor_asked: ["The visitor asked for a person", "访客要求人工服务"],
  low_confidence: ["The bot was not confident in its answer", "机器人对回答没有把握"],
  repeated_failure: ["The bot could not answer several times in a row", "机器人连续多次未能回答"],
  sentiment: ["The visitor seems upset", "访客情绪不佳"],
  keyword: ["A keyword matched", "命中关键词"],
  attribute: ["A visitor attribute matched", "命中访客属性"],
  out_of_hours: ["Outside business hours", "非工作时间"],
  provider_failure: ["The AI provider failed", "AI 服务出错"],
};

const SUBJECTS: Record<string, [string, string]> = {
  "conversation.escalated": ["Conversation handed to your team", "对话已转人工"],
  "conversation.flagged": ["A rule flagged a conversation", "规则标记了一个对话"],
  "conversation.resolved": ["Conversation resolved", "对话已解决"],
  "contact.left": ["A visitor left a message", "访客留言"],
  ping: ["Test notification", "测试通知"],
  "endpoint.disabled": ["A webhook endpoint was disabled", "Webhook 接收地址已被停用"],
};

function lines(parts: (string | null | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("\n");
}

function escalationLines(d: EscalatedData, zh: boolean): string {
  const reason = d.reason ? REASONS[d.reason][zh ? 1 : 0] : null;
  const position = d.conversation.queue.offline
    ? zh ? "当前无客服在线，已请访客留言。" : "No agent was online: the visitor was asked to leave a message."
    : d.conversation.queue.position
      ? zh ? `排队位置：第 ${d.conversation.queue.position} 位` : `Queue position: ${d.conversation.queue.position}`
      : null;
  return lines([
    zh ? `机器人：${d.bot.name}` : `Bot: ${d.bot.name}`,
    reason && (zh ? `原因：${reason}` : `Reason: ${reason}`),
    d.rule && (zh ? `规则：${d.rule.name}` : `Rule: ${d.rule.name}`),
    zh ? `优先级：${d.conversation.priority}` : `Priority: ${d.conversation.priority}`,
    d.conversation.team && (zh ? `团队：${d.conversation.team.name}` : `Team: ${d.conversation.team.name}`),
    position,
    d.summary && (zh ? `访客需求：${d.summary.wants}` : `The visitor wants: ${d.summary.wants}`),
    d.contact && (zh ? `联系邮箱：${d.contact.email}` : `Contact: ${d.contact.email}`),
  ]);
}

/** Dates in UTC, to the minute: the same text for every reader. */
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function endpointDisabledLines(d: EndpointDisabledData, zh: boolean): string {
  return zh
    ? lines([
        `地址：${d.endpoint.url}`,
        `自 ${utc(d.failingSince)} 起没有一次发送成功，连续 ${d.failedDeliveries} 条发送最终失败，已于 ${utc(d.disabledAt)} 自动停用。`,
        d.lastError && `最近的错误：${d.lastError}`,
        "停用期间不会向该地址发送事件。修复接收端后，在 Webhook 设置中一键重新启用，并可重新发送失败的记录。",
        d.settingsUrl && `Webhook 设置：${d.settingsUrl}`,
      ])
    : lines([
        `Endpoint: ${d.endpoint.url}`,
        `No delivery has succeeded since ${utc(d.failingSince)} and ${d.failedDeliveries} deliveries in a row failed, so it was disabled on ${utc(d.disabledAt)}.`,
        d.lastError && `Last error: ${d.lastError}`,
        "Nothing is sent to it while it is disabled. Fix the receiver, then re-enable it with one click in the webhook settings; failed deliveries can be sent again from there.",
        d.settingsUrl && `Webhook settings: ${d.settingsUrl}`,
      ]);
}

function detailLines(event: string, data: NotificationData, zh: boolean): string {
  switch (event) {
    case "conversation.escalated":
    case "conversation.flagged":
      return escalationLines(data as EscalatedData, zh);
    case "conversation.resolved":
      return zh ? `机器人：${(data as ResolvedData).bot.name}` : `Bot: ${(data as ResolvedData).bot.name}`;
    case "contact.left": {
      const d = data as ContactLeftData;
      return lines([zh ? `机器人：${d.bot.name}` : `Bot: ${d.bot.name}`, zh ? `联系邮箱：${d.contact.email}` : `Contact: ${d.contact.email}`, "", d.message]);
    }
    case "endpoint.disabled":
      return endpointDisabledLines(data as EndpointDisabledData, zh);
    default:
      return zh ? "Kefu 的邮件通知配置正常。" : "E-mail notifications from Kefu work.";
  }
}

function conversationUrl(data: NotificationData): string | null {
  return "conversation" in data ? data.conversation.url : null;
}

export function notificationEmail(event: string, data: NotificationData): NotificationEmail {
  const [en, zh] = SUBJECTS[event] ?? [event, event];
  const bot = "bot" in data ? ` — ${data.bot.name}` : "";
  const url = conversationUrl(data);
  const text = lines([
    `${en}${bot}`,
    "",
    detailLines(event, data, false),
    url && `\nOpen the conversation: ${url}`,
    "",
    "——",
    "",
    `${zh}${bot}`,
    "",
    detailLines(event, data, true),
    url && `\n打开对话：${url}`,
    "",
    "-- Kefu",
  ]);
  return { subject: `[Kefu] ${en} / ${zh}${bot}`, text: `${text}\n` };
}

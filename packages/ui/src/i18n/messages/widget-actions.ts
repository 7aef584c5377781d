// UI strings of the widget's own actions: copying a bot's answer or a person's message, starting a new conversation, the
// launcher's unread count. A key missing in zh fails typecheck.
export const en = {
  "chat.copy": "Copy answer",
  "chat.copyMessage": "Copy message",
  "chat.copied": "Copied",
  "chat.newChat": "New chat",
  "chat.newChatConfirm": "End the chat with our team and start a new one?",
  "chat.newChatYes": "Start a new chat",
  "chat.unread": "unread replies: {n}",
};

export const zh: Record<keyof typeof en, string> = {
  "chat.copy": "复制回答",
  "chat.copyMessage": "复制消息",
  "chat.copied": "已复制",
  "chat.newChat": "新对话",
  "chat.newChatConfirm": "要结束与客服的对话并开始新对话吗？",
  "chat.newChatYes": "开始新对话",
  "chat.unread": "{n} 条新回复",
};

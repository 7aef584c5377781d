// UI strings for a bot's privacy settings (personal data and remote models). A key missing in zh fails typecheck.
export const en = {
  "privacy.title": "Privacy",
  "privacy.intro":
    "Phone numbers, e-mail addresses, ID numbers, bank cards, passports and IP addresses in visitors' messages can be hidden from the AI model and from stored transcripts.",
  "privacy.redact": "Hide personal data from the AI model",
  "privacy.redactHint":
    "Replaced by placeholders such as [PHONE_1] before a question reaches a remote chat or embedding model; the visitor sees the answer with the real values put back. Your knowledge base is sent as it is.",
  "privacy.mask": "Mask personal data in stored transcripts",
  "privacy.maskHint": "Visitor messages and bot replies are stored with [PHONE], [EMAIL]… instead of the values; agents see the mask too. The original cannot be recovered.",
  "privacy.patterns": "Your own kinds of personal data",
  "privacy.patternsHint":
    "One per line: NAME: pattern, e.g. MEMBER_ID: VIP-\\d{6}. Patterns use RE2 syntax (no backreferences or lookaround), so they always run in linear time.",
  "privacy.patternLine": "Line {line}: {message}",
  "privacy.patternFormat": "Line {line}: write NAME: pattern.",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "privacy.title": "隐私",
  "privacy.intro": "访客消息中的手机号、邮箱、身份证号、银行卡号、护照号和 IP 地址，可以对 AI 模型和存储的会话记录隐藏。",
  "privacy.redact": "对 AI 模型隐藏个人信息",
  "privacy.redactHint": "问题发送到远程对话或向量模型之前，个人信息会替换为 [PHONE_1] 这样的占位符；访客看到的回答会还原真实内容。知识库内容照常发送。",
  "privacy.mask": "在存储的会话记录中遮盖个人信息",
  "privacy.maskHint": "访客消息和机器人回复存储时以 [PHONE]、[EMAIL] 等代替原值，客服看到的也是遮盖后的内容。原值无法恢复。",
  "privacy.patterns": "自定义的个人信息类型",
  "privacy.patternsHint": "每行一个：名称: 正则，例如 MEMBER_ID: VIP-\\d{6}。正则使用 RE2 语法（不支持反向引用和环视），保证线性时间运行。",
  "privacy.patternLine": "第 {line} 行：{message}",
  "privacy.patternFormat": "第 {line} 行：请写成 名称: 正则。",
};

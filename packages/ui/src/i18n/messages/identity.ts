// UI strings for visitor identity verification: the bot's secret and setting, the marks agents
// see next to what a visitor is said to be, the rule option and the widget's refusal. A key missing in zh fails typecheck.
export const en = {
  "identity.title": "Visitor identity verification",
  "identity.help":
    "Let your website prove who a signed-in visitor is: your server signs the user's id with this secret (HMAC-SHA256) and the page passes the id and the signature to the widget. Verified visitors keep one conversation history on every device, and agents and rules can rely on their attributes.",
  "identity.noSecret": "No secret yet: every user id and attribute the page passes is shown as claimed by the visitor's browser.",
  "identity.hasSecret": "Secret generated {date}. It is shown only once; rotate it if it is lost.",
  "identity.generate": "Generate secret",
  "identity.rotate": "Rotate secret",
  "identity.rotateConfirm": "Rotate the secret? Signatures made with the current one stop working at once, so update your server right away.",
  "identity.secretOnce": "Copy this secret to your server now: it will not be shown again. Keep it on your server only, never in a web page.",
  "identity.secretDone": "I have copied it",
  "identity.require": "Require verified identity",
  "identity.requireHelp":
    "Refuse to start a chat when the page passes a user id or attributes without a valid signature. Anonymous visitors (no user id, no attributes) can still chat.",
  "identity.docs": "How to compute the signature on your server: docs/security.md, \"Visitor identity verification\".",
  "identity.section": "Identity",
  "identity.verified": "Verified",
  "identity.unverified": "Unverified (claimed by the visitor's browser)",
  "identity.userId": "User id",
  "identity.email": "E-mail",
  "identity.name": "Name",
  "identity.anonymous": "Anonymous: the website passed no user id.",
  "identity.attributesMark": "Attributes:",
  "identity.verifiedOnly": "Only if verified (signed by your website)",
  "identity.testerVerified": "Treat these attributes as verified (signed by the website)",
  "chat.identityRefused":
    "This chat is only open to customers the website has signed in. Please sign in again on the website, then reopen the chat.",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "identity.title": "访客身份验证",
  "identity.help":
    "让你的网站证明已登录访客的身份：你的服务器用这个密钥对用户 ID 签名（HMAC-SHA256），页面把用户 ID 和签名一起传给聊天窗口。已验证的访客在所有设备上共用同一段对话记录，客服和规则也可以信任他们的属性。",
  "identity.noSecret": "尚未生成密钥：页面传入的用户 ID 和属性都会标为由访客浏览器声明。",
  "identity.hasSecret": "密钥生成于 {date}。密钥只显示一次；如果遗失，请轮换。",
  "identity.generate": "生成密钥",
  "identity.rotate": "轮换密钥",
  "identity.rotateConfirm": "确定要轮换密钥吗？用当前密钥生成的签名会立即失效，请马上更新你的服务器。",
  "identity.secretOnce": "请立即把这个密钥复制到你的服务器：它不会再次显示。密钥只能放在服务器上，切勿写进网页。",
  "identity.secretDone": "我已复制",
  "identity.require": "要求验证身份",
  "identity.requireHelp": "页面传入的用户 ID 或属性没有有效签名时，拒绝开始对话。匿名访客（不传用户 ID 和属性）仍可聊天。",
  "identity.docs": "如何在服务器上计算签名：见 docs/security.md 的“Visitor identity verification”一节。",
  "identity.section": "身份",
  "identity.verified": "已验证",
  "identity.unverified": "未验证（由访客的浏览器声明）",
  "identity.userId": "用户 ID",
  "identity.email": "邮箱",
  "identity.name": "姓名",
  "identity.anonymous": "匿名：网站没有传入用户 ID。",
  "identity.attributesMark": "属性：",
  "identity.verifiedOnly": "仅限已验证（由你的网站签名）",
  "identity.testerVerified": "把这些属性视为已验证（由网站签名）",
  "chat.identityRefused": "此聊天只向网站已登录的客户开放。请先在网站上重新登录，再打开聊天。",
} as const;

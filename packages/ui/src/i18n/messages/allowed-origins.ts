// UI strings for the websites allowed to embed a bot (on the bot's page, beside the embed snippet). A key missing in zh fails typecheck.
export const en = {
  "origins.title": "Allowed websites",
  "origins.help":
    "Only pages on these websites can show the chat widget and talk to this bot. One per line: an exact address such as https://shop.example.com (with the port if it is not 80 or 443), or https://*.example.com for every subdomain (the domain itself is not included: list it too).",
  "origins.anyWarning":
    "Any website can embed this bot: another site could show your chat to its visitors and use up your answers. List the websites where you put the snippet.",
  "origins.label": "Websites, one per line",
  "origins.placeholder": "https://shop.example.com\nhttps://*.example.com",
  "origins.save": "Save websites",
  "origins.saved": "Saved. The widget now works only on these websites.",
  "origins.savedAny": "Saved. Any website can embed this bot.",
  "origins.count": "Allowed: {n}",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "origins.title": "允许的网站",
  "origins.help":
    "只有这些网站上的页面可以显示聊天窗口并与这个机器人对话。每行一个：完整地址，如 https://shop.example.com（端口不是 80 或 443 时要写上端口），或用 https://*.example.com 表示所有子域名（不包括该域名本身，需要的话另写一行）。",
  "origins.anyWarning": "任何网站都可以嵌入这个机器人：别的网站可以把你的聊天展示给它的访客，消耗你的回答额度。请列出你放置嵌入代码的网站。",
  "origins.label": "网站，每行一个",
  "origins.placeholder": "https://shop.example.com\nhttps://*.example.com",
  "origins.save": "保存网站",
  "origins.saved": "已保存。聊天窗口现在只在这些网站上可用。",
  "origins.savedAny": "已保存。任何网站都可以嵌入这个机器人。",
  "origins.count": "已允许：{n}",
} as const;

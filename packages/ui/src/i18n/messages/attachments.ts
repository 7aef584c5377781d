// UI strings of images in chats: the widget's image button and its progress and refusals, the
// images in the message list, and the inbox's image reply. A key missing in zh fails typecheck.
// No button label here contains the Send button's word ("Send", "发送"): tests and people find that
// button by it.
export const en = {
  "attachments.attach": "Attach an image",
  "attachments.imageFrom": "Image sent by {who}",
  "attachments.open": "Open the image full size in a new tab",
  "attachments.uploading": "Uploading image… {percent}%",
  "attachments.tooLarge": "This image is too large. Images can be at most {max}.",
  "attachments.wrongType": "Send a PNG, JPEG, GIF or WebP image.",
  "attachments.failed": "The image could not be sent. Please try again.",
  "attachments.rateLimited": "You've sent many images. Try again later.",
  "attachments.dismiss": "Dismiss",
  "attachments.you": "you",
  "attachments.sendImage": "Reply with an image",
  "attachments.sending": "Uploading image…",
};

export const zh: Record<keyof typeof en, string> = {
  "attachments.attach": "添加图片",
  "attachments.imageFrom": "{who}发送的图片",
  "attachments.open": "在新标签页中查看原图",
  "attachments.uploading": "正在上传图片… {percent}%",
  "attachments.tooLarge": "图片太大了，最大 {max}。",
  "attachments.wrongType": "请发送 PNG、JPEG、GIF 或 WebP 格式的图片。",
  "attachments.failed": "图片没有发出去，请重试。",
  "attachments.rateLimited": "你发送的图片太多了，请稍后再试。",
  "attachments.dismiss": "关闭",
  "attachments.you": "你",
  "attachments.sendImage": "回复图片",
  "attachments.sending": "正在上传图片…",
};

/** Request header the proxy sets on a chat page of a bot (/c/<id>, /widget/<id>): the root layout reads it for `<html lang>`. */
export const BOT_PAGE_HEADER = "x-kefu-bot";

import { chatPage } from "~/lib/widget-page";

// The widget the loader frames (framing per bot: proxy.ts and lib/widget-framing.ts).
export async function GET(req: Request, { params }: { params: Promise<{ botId: string }> }) {
  return chatPage(req, decodeURIComponent((await params).botId), "widget");
}

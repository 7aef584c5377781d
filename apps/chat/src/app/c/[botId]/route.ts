import { chatPage } from "~/lib/widget-page";

// The hosted chat page of a bot: the widget's code, full page.
export async function GET(req: Request, { params }: { params: Promise<{ botId: string }> }) {
  return chatPage(req, decodeURIComponent((await params).botId), "hosted");
}

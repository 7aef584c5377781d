import { ChatApp } from "~/components/chat-app";
import { botPageMetadata } from "~/lib/bot-page";

export const generateMetadata = ({ params }: { params: Promise<{ botId: string }> }) => botPageMetadata(params);

export default async function WidgetFrame({ params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  return (
    <div className="h-screen">
      <ChatApp botId={decodeURIComponent(botId)} mode="widget" />
    </div>
  );
}

import { ChatApp } from "~/components/chat-app";

export default async function WidgetFrame({ params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  return (
    <div className="h-screen">
      <ChatApp botId={decodeURIComponent(botId)} mode="widget" />
    </div>
  );
}

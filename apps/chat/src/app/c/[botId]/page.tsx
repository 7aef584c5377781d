import { ChatApp } from "~/components/chat-app";
import { botPageMetadata } from "~/lib/bot-page";

export const generateMetadata = ({ params }: { params: Promise<{ botId: string }> }) => botPageMetadata(params);

export default async function HostedChat({ params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  return (
    <main className="flex h-screen items-center justify-center sm:p-6">
      <div className="h-full w-full max-w-2xl overflow-hidden shadow-xl sm:rounded-2xl">
        <ChatApp botId={decodeURIComponent(botId)} mode="hosted" />
      </div>
    </main>
  );
}

import { BotDetail } from "~/components/bot-detail";
import { env } from "~/env";

export default async function BotPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BotDetail id={id} chatUrl={env().KEFU_CHAT_URL} />;
}

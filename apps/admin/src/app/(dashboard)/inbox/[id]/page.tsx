import { ConversationView } from "~/components/inbox/conversation-view";

export default async function InboxConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConversationView id={id} />;
}

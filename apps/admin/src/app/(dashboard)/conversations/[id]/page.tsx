import { Transcript } from "~/components/transcript";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Transcript id={id} />;
}

import { WebhookSettings } from "~/components/webhooks/webhook-settings";

export default function WebhooksPage() {
  return <WebhookSettings />;
}

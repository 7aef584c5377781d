import { z } from "zod";
import { ZText } from "./text";
import { checkImportUrl } from "../knowledge/url-policy";
import { ZId } from "./bot";

/**
 * Webhook endpoints of a tenant and their notification deliveries (docs/webhooks.md). Endpoints
 * subscribe to a fixed list of events; `ping` is only ever sent by "send test".
 */
export const WEBHOOK_EVENTS = [
  "conversation.escalated",
  "conversation.flagged",
  "conversation.resolved",
  "contact.left",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** `endpoint.disabled` is only ever e-mailed to the workspace's owners and admins (never a webhook). */
export type NotificationEvent = WebhookEvent | "ping" | "endpoint.disabled";

export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The same SSRF-minded URL check as knowledge imports (http/https, no credentials, no local or
 * private literal, standard web ports); delivery checks the resolved address again.
 */
export const ZWebhookUrl = ZText
  .trim()
  .min(1, "The URL is required.")
  .max(500, "The URL must be at most 500 characters.")
  .superRefine((value, ctx) => {
    const check = checkImportUrl(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason.replace(/can(not)? be imported/, "can$1 receive webhooks") });
  });

const ZWebhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)]);

export const ZCreateWebhookRequest = z.object({ url: ZWebhookUrl, events: ZWebhookEvents });
export type CreateWebhookRequest = z.infer<typeof ZCreateWebhookRequest>;

export const ZUpdateWebhookRequest = z.object({
  id: ZId,
  url: ZWebhookUrl.optional(),
  events: ZWebhookEvents.optional(),
  /** true re-enables an endpoint that was disabled (by hand or for failing), with a clean health record. */
  enabled: z.boolean().optional(),
});
export type UpdateWebhookRequest = z.infer<typeof ZUpdateWebhookRequest>;

export const ZWebhookIdRequest = z.object({ id: ZId });
export const ZListDeliveriesRequest = z.object({ endpointId: ZId.optional() }).default({});
export const ZDeliveryIdRequest = z.object({ id: ZId });

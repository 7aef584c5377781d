import { ZCreateWebhookRequest, ZDeliveryIdRequest, ZListDeliveriesRequest, ZUpdateWebhookRequest, ZWebhookIdRequest } from "@kefu/domain";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  redeliver,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "./webhooks.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

// Webhook endpoints and the notification delivery log: owners and admins only ("webhooks.manage").
const manage = permissionProcedure("webhooks.manage");

export const webhookRouter = router({
  list: manage.query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.tenantId)),
  create: manage.input(ZCreateWebhookRequest).mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, ctx.tenantId, input)),
  update: manage.input(ZUpdateWebhookRequest).mutation(({ ctx, input: { id, ...fields } }) => updateWebhookEndpoint(ctx.db, ctx.tenantId, id, fields)),
  delete: manage.input(ZWebhookIdRequest).mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, ctx.tenantId, input.id)),
  rotateSecret: manage.input(ZWebhookIdRequest).mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.tenantId, input.id)),
  sendTest: manage.input(ZWebhookIdRequest).mutation(({ ctx, input }) => sendTestWebhook(ctx.db, ctx.tenantId, input.id)),
  listDeliveries: manage.input(ZListDeliveriesRequest).query(({ ctx, input }) => listDeliveries(ctx.db, ctx.tenantId, input.endpointId)),
  redeliver: manage.input(ZDeliveryIdRequest).mutation(({ ctx, input }) => redeliver(ctx.db, ctx.tenantId, input.id)),
});

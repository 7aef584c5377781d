import { describe, expect, it } from "vitest";
import { EXPORT_FORMAT } from "./data-requests.ts";
import { visitorUploadResponse } from "../attachments/index.ts";
import { attachmentStorage } from "../platform/attachment-store.ts";
import { createApiContext } from "../platform/context.ts";
import { collect, expectCode, memberOfTenant, useTestDb, visitorCaller, withWireDatabase } from "../testing/index.ts";
import { rowsMentioning, tenantWithBot, visitorWhoChatted } from "../testing/privacy-seed.ts";

// Data subject requests: everything about one visitor exported as JSON, then deleted so that no
// row of any table mentions them; owners and admins of the visitor's tenant only.
const t = useTestDb();

describe("visitor data requests", () => {
  it("exports everything about the visitor and deletes all of it, leaving other visitors alone", async () => {
    const a = await tenantWithBot(t.db, "DsrA");
    const subject = await visitorWhoChatted(t.db, a, { text: "my order 5150 never came", daysAgo: 1 });
    const other = await visitorWhoChatted(t.db, a, { text: "other visitor 6160", daysAgo: 1 });
    // Another message of the same visitor, after the contact form.
    const visitor = visitorCaller(t.db);
    await collect(await visitor.chat.send({ botId: a.bot.publicId, visitorToken: subject.visitorToken, text: "and order 5151", clientMessageId: "dsr-second-message" }));
    // And a photo of the parcel (the configured store: a scratch folder under test).
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    const upload = new Request(`http://chat.test/api/attachments?bot=${a.bot.publicId}&clientMessageId=dsr-photo-0001`, {
      method: "POST",
      headers: { "x-kefu-visitor-token": subject.visitorToken },
      body: png,
    });
    expect((await visitorUploadResponse(t.db, upload, { log: createApiContext({ db: t.db }).log, requestId: "dsr" })).status).toBe(200);
    const photo = await t.db.attachment.findFirstOrThrow({ where: { tenantId: a.tenantId, conversationId: subject.conversationId } });
    expect(await attachmentStorage().get(photo.key)).not.toBeNull();

    const exported = await a.caller.privacy.exportVisitor({ visitorId: subject.visitorId });
    // What a download gets: JSON that parses back to the same data.
    const json = JSON.parse(JSON.stringify(exported)) as typeof exported;
    expect(json.format).toBe(EXPORT_FORMAT);
    expect(json.visitor).toMatchObject({ id: subject.visitorId, attributes: { plan: "vip", email: "li.lei@example.com" } });
    expect(json.visitor).not.toHaveProperty("tokenHash");
    const [conversation] = json.conversations;
    expect(conversation).toMatchObject({ id: subject.conversationId, rating: 4, contactEmail: "li.lei@example.com" });
    const texts = json.conversations.flatMap((c) => c.messages.map((m) => m.content));
    expect(texts).toEqual(expect.arrayContaining(["my order 5150 never came", "and order 5151"]));
    expect(conversation!.events.map((e) => e.type)).toEqual(expect.arrayContaining(["message"]));
    expect(json.notifications).toEqual([expect.objectContaining({ event: "contact.left" })]);
    // The photo: what it is, and where the dashboard serves its bytes.
    expect(json.attachments).toEqual([
      expect.objectContaining({ id: photo.id, conversationId: subject.conversationId, contentType: "image/png", size: png.length, width: 1, height: 1, download: `/api/attachments/${photo.id}` }),
    ]);
    expect(JSON.stringify(json)).not.toContain("other visitor 6160");
    // Handing out a person's data is recorded, with whom it was about.
    const recorded = await t.db.auditEvent.findMany({ where: { tenantId: a.tenantId, action: "privacy.exportVisitor" } });
    expect(recorded).toEqual([expect.objectContaining({ actorId: a.userId, outcome: "success", targetIds: [subject.visitorId] })]);

    const needles = [subject.visitorId, subject.conversationId, "my order 5150", "and order 5151", photo.id];
    expect(Object.keys(await rowsMentioning(t.db, needles))).toEqual(expect.arrayContaining(["Visitor", "Conversation", "Message", "ConversationEvent", "NotificationDelivery", "Attachment"]));

    const deleted = await a.caller.privacy.deleteVisitor({ visitorId: subject.visitorId });
    expect(deleted).toMatchObject({ visitors: 1, conversations: 1, deliveries: 1 });
    // No row of any table (the database's own catalog, so a table added later is searched too)
    // mentions the visitor, their conversation or what they wrote; the audit log keeps only the
    // record that the request was carried out.
    expect(await rowsMentioning(t.db, needles, { except: ["AuditEvent"] })).toEqual({});
    expect(await t.db.conversation.count({ where: { visitorId: other.visitorId } })).toBe(1);
    // The photo's bytes went with it.
    expect(await attachmentStorage().get(photo.key)).toBeNull();
    // The visitor's token no longer works; the deleted visitor is NOT_FOUND.
    await expectCode(visitor.chat.history({ botId: a.bot.publicId, visitorToken: subject.visitorToken }), "UNAUTHORIZED");
    await expectCode(a.caller.privacy.exportVisitor({ visitorId: subject.visitorId }), "NOT_FOUND");
    await expectCode(a.caller.privacy.deleteVisitor({ visitorId: subject.visitorId }), "NOT_FOUND");
  });

  it("another tenant cannot export or delete; agents cannot either; admins can", async () => {
    const a = await tenantWithBot(t.db, "DsrIsoA");
    const b = await tenantWithBot(t.db, "DsrIsoB");
    const subject = await visitorWhoChatted(t.db, a, { text: "isolated 7170", daysAgo: 0 });
    await expectCode(b.caller.privacy.exportVisitor({ visitorId: subject.visitorId }), "NOT_FOUND");
    await expectCode(b.caller.privacy.deleteVisitor({ visitorId: subject.visitorId }), "NOT_FOUND");
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    await expectCode(agent.caller.privacy.exportVisitor({ visitorId: subject.visitorId }), "FORBIDDEN");
    await expectCode(agent.caller.privacy.deleteVisitor({ visitorId: subject.visitorId }), "FORBIDDEN");
    expect(await t.db.message.count({ where: { conversationId: subject.conversationId } })).toBeGreaterThan(0);

    const admin = await memberOfTenant(t.db, a.tenantId, "ADMIN");
    expect((await admin.caller.privacy.exportVisitor({ visitorId: subject.visitorId })).visitor.id).toBe(subject.visitorId);
    expect((await admin.caller.privacy.deleteVisitor({ visitorId: subject.visitorId })).visitors).toBe(1);
  });

  // The apps' driver (adapter-pg over the wire protocol) reads catalog columns differently from the
  // in-memory test database: the export's catalog query must work there too.
  it("exports and deletes through the apps' Postgres driver", { timeout: 120_000 }, async () => {
    await withWireDatabase(async (db) => {
      const a = await tenantWithBot(db, "DsrWire");
      const subject = await visitorWhoChatted(db, a, { text: "over the wire 8180", daysAgo: 0 });
      const exported = await a.caller.privacy.exportVisitor({ visitorId: subject.visitorId });
      expect(JSON.stringify(exported)).toContain("over the wire 8180");
      expect((await a.caller.privacy.deleteVisitor({ visitorId: subject.visitorId })).visitors).toBe(1);
      expect(await db.message.count({ where: { conversationId: subject.conversationId } })).toBe(0);
    });
  });
});

import { createHmac } from "node:crypto";
import { DomainError, PrechatRequiredError, type PrechatForm } from "@kefu/domain";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();
const botInput = { name: "Form bot", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#0f766e" };
const form: PrechatForm = {
  enabled: true,
  name: "required",
  email: "optional",
  phone: "off",
  customFields: [{ key: "plan", label: "Your plan", type: "select", options: ["Free", "Pro"], required: true }],
};

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bot: Awaited<ReturnType<typeof owner.caller.bot.create>>;

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 7).toString("base64"));
  owner = await ownerOfNewTenant(t.db, "Prechat");
  bot = await owner.caller.bot.create(botInput);
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes, to 40 countries." });
  await owner.caller.prechatForm.update({ id: bot.id, form });
});

/** The refused fields of a prechat_invalid error, as the widget reads them (the error's details). */
async function refusedFields(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await expectCode(promise, "BAD_REQUEST");
  expect(error.cause).toBeInstanceOf(DomainError);
  expect((error.cause as DomainError).reason).toBe("prechat_invalid");
  return { ...(error.cause as DomainError).details };
}

const send = async (token: string, text: string) =>
  collect(await visitorCaller(t.db).chat.send({ botId: bot.publicId, visitorToken: token, text, clientMessageId: `m${crypto.randomUUID().slice(0, 12)}` }));

describe("the pre-chat form's settings", () => {
  it("are saved and read back, checked, and another tenant's bot cannot be read or configured", async () => {
    expect(await owner.caller.prechatForm.get({ id: bot.id })).toEqual(form);
    await expectCode(owner.caller.prechatForm.update({ id: bot.id, form: { ...form, customFields: [{ ...form.customFields[0]!, key: "email" }] } }), "BAD_REQUEST");

    const other = await ownerOfNewTenant(t.db, "Other prechat");
    await expectCode(other.caller.prechatForm.get({ id: bot.id }), "NOT_FOUND");
    await expectCode(other.caller.prechatForm.update({ id: bot.id, form: { ...form, enabled: false } }), "NOT_FOUND");
    expect(await owner.caller.prechatForm.get({ id: bot.id })).toEqual(form);
    // A bot never configured starts from the default: off.
    const fresh = await other.caller.bot.create(botInput);
    expect(await other.caller.prechatForm.get({ id: fresh.id })).toMatchObject({ enabled: false });
    expect((await visitorCaller(t.db).chat.start({ botId: fresh.publicId })).prechat).toBeNull();

    const viewer = await memberOfTenant(t.db, owner.tenantId, "VIEWER");
    await expectCode(viewer.caller.prechatForm.update({ id: bot.id, form }), "FORBIDDEN");
    const audit = await owner.caller.audit.list({ filter: { action: "prechatForm.update" }, limit: 10 });
    // Audited like the bot's other settings, the viewer's refused attempt included.
    expect(audit.events.map((e) => [e.outcome, e.errorCode])).toEqual(expect.arrayContaining([["success", null], ["failure", "FORBIDDEN"]]));
  });
});

describe("a visitor and the form", () => {
  it("is asked before chatting; required, unknown and malformed answers are refused field by field; valid ones are stored", async () => {
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    expect(session.prechat?.fields.map((f) => [f.key, f.required])).toEqual([
      ["name", true],
      ["email", false],
      ["plan", true],
    ]);
    expect(session.prechat?.fields[2]).toMatchObject({ kind: "select", label: "Your plan", options: ["Free", "Pro"] });

    // Not before the form is sent: no message, no "did you mean", no person.
    const early = await expectCode(send(session.visitorToken, "Do you ship abroad?"), "FORBIDDEN");
    expect((early.cause as DomainError).reason).toBe("prechat_required");
    await expectCode(visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken }), "FORBIDDEN");

    const input = { botId: bot.publicId, visitorToken: session.visitorToken };
    expect(await refusedFields(visitor.chat.submitPrechat({ ...input, answers: {} }))).toEqual({ name: "required", plan: "required" });
    expect(await refusedFields(visitor.chat.submitPrechat({ ...input, answers: { name: "Ada", plan: "Pro", isAdmin: "yes" } }))).toEqual({ isAdmin: "unknown_field" });
    expect(await refusedFields(visitor.chat.submitPrechat({ ...input, answers: { name: "Ada", plan: "Gold", email: "ada@" } }))).toEqual({
      plan: "not_an_option",
      email: "invalid_email",
    });
    expect(await refusedFields(visitor.chat.submitPrechat({ ...input, answers: { name: "x".repeat(201), plan: "Pro" } }))).toEqual({ name: "too_long" });
    await expectCode(visitor.chat.submitPrechat({ ...input, answers: { name: "x".repeat(1001), plan: "Pro" } }), "BAD_REQUEST");
    expect((await t.db.visitor.findFirstOrThrow({ where: { tenantId: owner.tenantId, botId: bot.id }, orderBy: { createdAt: "desc" } })).prechatAnswers).toBeNull();

    await expect(visitor.chat.submitPrechat({ ...input, answers: { name: " Ada Lovelace ", email: "ada@example.com", plan: "Pro" } })).resolves.toEqual({
      values: { name: "Ada Lovelace", email: "ada@example.com", plan: "Pro" },
    });
    const events = await send(session.visitorToken, "Do you ship abroad?");
    expect(events.some((e) => e.type === "bot_message")).toBe(true);

    // A reload (same token), even with other attributes from the page: not asked again, answers kept.
    const again = await visitor.chat.start({ botId: bot.publicId, visitorToken: session.visitorToken, attributes: { cart: 3 } });
    expect(again.prechat).toBeNull();
    expect(again.resumed).toBe(true);
  });

  it("puts the answers in the inbox and in the attributes rules read, never as verified", async () => {
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Agent Pro");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const proRule = await owner.caller.rule.create({
      botId: bot.id,
      name: "Pro plan to a person",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "Pro" }] },
      actions: [{ kind: "handoff" }],
    });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId, attributes: { cart: 2 } });
    await visitor.chat.submitPrechat({ botId: bot.publicId, visitorToken: session.visitorToken, answers: { name: "Grace", plan: "Pro" } });
    const events = await send(session.visitorToken, "Do you ship abroad?");
    expect(events.at(-1)).toEqual({ type: "handoff", status: "ASSIGNED" });

    const [item] = await agent.caller.inbox.list({ view: "mine" });
    const conversation = await agent.caller.inbox.get({ id: item!.id });
    expect(conversation.escalationReason).toBe("attribute");
    expect(conversation.visitor).toMatchObject({
      attributes: { cart: 2 },
      attributesVerified: false,
      prechat: [
        { key: "name", label: null, value: "Grace" },
        { key: "plan", label: "Your plan", value: "Pro" },
      ],
    });
    expect(conversation.bot).not.toHaveProperty("prechatForm");
    const page = await owner.caller.conversation.get({ id: item!.id });
    expect(page.visitor.prechat.map((a) => a.value)).toEqual(["Grace", "Pro"]);
    await owner.caller.rule.delete({ id: proRule.id });
  });

  it("skips what a signed identity gives, and refuses it from the visitor", async () => {
    const secret = (await owner.caller.bot.rotateIdentitySecret({ id: bot.id })).secret;
    const userHash = createHmac("sha256", secret).update("u-42").digest("hex");
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId, userId: "u-42", userHash, attributes: { name: "Signed Name", email: "signed@example.com" } });
    expect(session.prechat?.fields.map((f) => f.key)).toEqual(["plan"]);
    const input = { botId: bot.publicId, visitorToken: session.visitorToken };
    expect(await refusedFields(visitor.chat.submitPrechat({ ...input, answers: { name: "Impostor", plan: "Free" } }))).toEqual({ name: "unknown_field" });
    await visitor.chat.submitPrechat({ ...input, answers: { plan: "Free" } });
    // An unsigned name is no reason to skip the field.
    const claimed = await visitor.chat.start({ botId: bot.publicId, attributes: { name: "Claimed" } });
    expect(claimed.prechat?.fields.map((f) => f.key)).toEqual(["name", "email", "plan"]);
  });

  it("turned on after a signed visitor started: the refusal carries their own form, and no new visitor is made", async () => {
    const secret = (await owner.caller.bot.rotateIdentitySecret({ id: bot.id })).secret;
    const userHash = createHmac("sha256", secret).update("u-77").digest("hex");
    const visitor = visitorCaller(t.db);
    await owner.caller.prechatForm.update({ id: bot.id, form: { ...form, enabled: false } });
    const session = await visitor.chat.start({ botId: bot.publicId, userId: "u-77", userHash, attributes: { name: "Signed Name", email: "signed@example.com" } });
    expect(session.prechat).toBeNull();
    await owner.caller.prechatForm.update({ id: bot.id, form });
    const visitors = await t.db.visitor.count({ where: { tenantId: owner.tenantId } });

    const refused = await expectCode(send(session.visitorToken, "Do you ship abroad?"), "FORBIDDEN");
    expect(refused.cause).toBeInstanceOf(PrechatRequiredError);
    // The signed name and e-mail are not asked: only what this visitor can answer.
    expect((refused.cause as PrechatRequiredError).prechat.fields.map((f) => f.key)).toEqual(["plan"]);
    expect(await t.db.visitor.count({ where: { tenantId: owner.tenantId } })).toBe(visitors);

    // The form as carried is one the visitor can send, with the same token.
    await visitor.chat.submitPrechat({ botId: bot.publicId, visitorToken: session.visitorToken, answers: { plan: "Pro" } });
    expect((await send(session.visitorToken, "Do you ship abroad?")).some((e) => e.type === "bot_message")).toBe(true);
    expect(await t.db.visitor.count({ where: { tenantId: owner.tenantId } })).toBe(visitors);
  });

  it("turned off, asks nothing and lets visitors chat", async () => {
    await owner.caller.prechatForm.update({ id: bot.id, form: { ...form, enabled: false } });
    const session = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
    expect(session.prechat).toBeNull();
    expect((await send(session.visitorToken, "Do you ship abroad?")).some((e) => e.type === "bot_message")).toBe(true);
    await owner.caller.prechatForm.update({ id: bot.id, form });
  });
});

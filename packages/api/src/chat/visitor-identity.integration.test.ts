import { createHash, createHmac } from "node:crypto";
import { Writable } from "node:stream";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { identitySecretContext } from "../conversations/index.ts";
import { createApiContext } from "../platform/context.ts";
import { createLogger } from "../platform/logger.ts";
import { decryptSecret } from "../platform/secrets.ts";
import { createPublicCaller } from "../public.ts";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();
const botInput = { name: "Shop bot", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#0f766e" };
/** What the host site's backend computes (docs/security.md), written independently of the server's code. */
const sign = (secret: string, userId: string) => createHmac("sha256", secret).update(userId).digest("hex");

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bot: Awaited<ReturnType<typeof owner.caller.bot.create>>;
let secret: string;

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 9).toString("base64"));
  owner = await ownerOfNewTenant(t.db, "Identity");
  bot = await owner.caller.bot.create(botInput);
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes, to 40 countries." });
  secret = (await owner.caller.bot.rotateIdentitySecret({ id: bot.id })).secret;
});

beforeEach(async () => {
  await owner.caller.bot.updateIdentity({ id: bot.id, requireVerifiedIdentity: false });
});

const visitorRow = (id: string) =>
  t.db.visitor.findFirstOrThrow({ where: { id }, select: { verifiedUserId: true, claimedUserId: true, attributesVerified: true, attributes: true } });
const visitorIdOf = async (token: string) => {
  const row = await t.db.visitor.findFirst({
    where: { OR: [{ tokenHash: sha256(token) }, { deviceTokens: { some: { tokenHash: sha256(token) } } }] },
    select: { id: true },
  });
  return row?.id ?? null;
};
/** The stored form of a visitor token (conversations/visitors.ts). */
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function say(token: string, text: string, clientMessageId = `m${crypto.randomUUID().slice(0, 12)}`) {
  return collect(await visitorCaller(t.db).chat.send({ botId: bot.publicId, visitorToken: token, text, clientMessageId }));
}

describe("the identity secret", () => {
  it("is generated on the server, shown once, stored encrypted, and a rotation makes old signatures fail", async () => {
    expect(secret).toMatch(/^kid_[A-Za-z0-9_-]{43}$/);
    const settings = await owner.caller.bot.identity({ id: bot.id });
    expect(settings).toMatchObject({ hasSecret: true, requireVerifiedIdentity: false });
    expect(JSON.stringify(settings)).not.toContain(secret);
    expect(JSON.stringify(await owner.caller.bot.get({ id: bot.id }))).not.toContain("kid_");

    const raw = await t.db.$queryRaw<{ identitySecretCiphertext: string }[]>`SELECT "identitySecretCiphertext" FROM "Bot" WHERE "id" = ${bot.id}`;
    const stored = raw[0]!.identitySecretCiphertext;
    expect(stored).not.toBe(secret);
    expect(stored).not.toContain(secret.slice(4));
    expect(stored).toMatch(/^v2:[\w-]{8}:/);
    expect(decryptSecret(stored, identitySecretContext(owner.tenantId, bot.id))).toBe(secret);
    // Bound to its bot: the same ciphertext does not open as another bot's.
    expect(() => decryptSecret(stored, identitySecretContext(owner.tenantId, "another-bot"))).toThrow();

    const other = await ownerOfNewTenant(t.db, "Rotation");
    const otherBot = await other.caller.bot.create(botInput);
    const old = (await other.caller.bot.rotateIdentitySecret({ id: otherBot.id })).secret;
    const before = await visitorCaller(t.db).chat.start({ botId: otherBot.publicId, userId: "u-1", userHash: sign(old, "u-1") });
    const rotated = (await other.caller.bot.rotateIdentitySecret({ id: otherBot.id })).secret;
    expect(rotated).not.toBe(old);
    // The old signature no longer proves anything: a new, unverified visitor, not the user's history.
    const after = await visitorCaller(t.db).chat.start({ botId: otherBot.publicId, userId: "u-1", userHash: sign(old, "u-1") });
    expect(after.resumed).toBe(false);
    expect(await visitorRow((await visitorIdOf(after.visitorToken))!)).toMatchObject({ verifiedUserId: null, claimedUserId: "u-1" });
    const fresh = await visitorCaller(t.db).chat.start({ botId: otherBot.publicId, userId: "u-1", userHash: sign(rotated, "u-1") });
    expect(fresh.resumed).toBe(true);
    expect(await visitorIdOf(fresh.visitorToken)).toBe(await visitorIdOf(before.visitorToken));
  });

  it("belongs to owners and admins of its tenant: another tenant gets NOT_FOUND, an agent FORBIDDEN", async () => {
    const other = await ownerOfNewTenant(t.db, "Intruder");
    await expectCode(other.caller.bot.identity({ id: bot.id }), "NOT_FOUND");
    await expectCode(other.caller.bot.rotateIdentitySecret({ id: bot.id }), "NOT_FOUND");
    await expectCode(other.caller.bot.updateIdentity({ id: bot.id, requireVerifiedIdentity: true }), "NOT_FOUND");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await expectCode(agent.caller.bot.identity({ id: bot.id }), "FORBIDDEN");
    await expectCode(agent.caller.bot.rotateIdentitySecret({ id: bot.id }), "FORBIDDEN");
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    await expect(admin.caller.bot.identity({ id: bot.id })).resolves.toMatchObject({ hasSecret: true });
    // The secret did not change under any of these attempts.
    const start = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "still", userHash: sign(secret, "still") });
    expect(await visitorRow((await visitorIdOf(start.visitorToken))!)).toMatchObject({ verifiedUserId: "still" });
  });
});

describe("chat.start with a signed identity", () => {
  it("marks a valid signature verified and resumes the same history on another device", async () => {
    const laptop = await visitorCaller(t.db).chat.start({
      botId: bot.publicId,
      userId: "cust-42",
      userHash: sign(secret, "cust-42"),
      attributes: { plan: "vip", email: "ann@bigcustomer.example" },
    });
    expect(laptop.resumed).toBe(false);
    await say(laptop.visitorToken, "Do you ship abroad?");
    const visitorId = (await visitorIdOf(laptop.visitorToken))!;
    expect(await visitorRow(visitorId)).toMatchObject({ verifiedUserId: "cust-42", claimedUserId: null, attributesVerified: true });

    // Another browser, no token, the same signed user: the same visitor and conversation, its own token.
    const phone = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "cust-42", userHash: sign(secret, "cust-42").toUpperCase() });
    expect(phone.resumed).toBe(true);
    expect(phone.visitorToken).not.toBe(laptop.visitorToken);
    expect(phone.messages.map((m) => m.content)).toContain("Do you ship abroad?");
    expect(await visitorIdOf(phone.visitorToken)).toBe(visitorId);
    // Both devices go on working, in one history.
    await say(phone.visitorToken, "Thanks from my phone");
    const back = await visitorCaller(t.db).chat.start({ botId: bot.publicId, visitorToken: laptop.visitorToken, userId: "cust-42", userHash: sign(secret, "cust-42") });
    expect(back.visitorToken).toBe(laptop.visitorToken);
    expect(back.messages.map((m) => m.content)).toEqual(expect.arrayContaining(["Do you ship abroad?", "Thanks from my phone"]));
    expect(await t.db.conversation.count({ where: { visitorId } })).toBe(1);

    // The agent sees it as verified.
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { visitorId }, select: { id: true } });
    const seen = await owner.caller.conversation.get({ id: conversation.id });
    expect(seen.visitor).toMatchObject({ verifiedUserId: "cust-42", claimedUserId: null, attributesVerified: true, attributes: { plan: "vip" } });
  });

  it("makes this browser's anonymous visitor the user's when they sign in", async () => {
    const anonymous = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
    await say(anonymous.visitorToken, "Do you ship abroad?");
    const signedIn = await visitorCaller(t.db).chat.start({ botId: bot.publicId, visitorToken: anonymous.visitorToken, userId: "new-user", userHash: sign(secret, "new-user") });
    expect(signedIn).toMatchObject({ resumed: true, visitorToken: anonymous.visitorToken });
    expect(signedIn.messages.map((m) => m.content)).toContain("Do you ship abroad?");
    expect(await visitorRow((await visitorIdOf(anonymous.visitorToken))!)).toMatchObject({ verifiedUserId: "new-user" });
  });

  it("keeps a wrong signature as an unverified claim, never merges on it, and logs a warning", async () => {
    const real = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "victim", userHash: sign(secret, "victim") });
    await say(real.visitorToken, "my private question");
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const forged = await createPublicCaller(createApiContext({ db: t.db, logger })).chat.start({
      botId: bot.publicId,
      userId: "victim",
      userHash: sign("not-the-secret", "victim"),
      attributes: { plan: "vip", email: "ceo@bigcustomer.example" },
    });
    expect(forged.resumed).toBe(false);
    expect(forged.messages).toEqual([]);
    const forgedId = (await visitorIdOf(forged.visitorToken))!;
    expect(forgedId).not.toBe(await visitorIdOf(real.visitorToken));
    expect(await visitorRow(forgedId)).toMatchObject({ verifiedUserId: null, claimedUserId: "victim", attributesVerified: false });
    const warning = lines.map((line) => JSON.parse(line) as { msg: string; reason: string; level: number }).find((l) => l.msg === "visitor.identity_unverified");
    expect(warning).toMatchObject({ reason: "invalid_hash" });
    expect(lines.join("")).not.toContain("victim"); // the log names the bot and the reason, not the user

    // A user id with no hash at all: a claim too, and no merge.
    const unsigned = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "victim" });
    expect(unsigned.resumed).toBe(false);
    expect(await visitorRow((await visitorIdOf(unsigned.visitorToken))!)).toMatchObject({ verifiedUserId: null, claimedUserId: "victim" });
    // A hash of another user id proves nothing about this one.
    const swapped = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "victim", userHash: sign(secret, "someone-else") });
    expect(swapped.messages).toEqual([]);
  });

  it("lets visitors chat, unverified, when this server cannot open the secret (its key was replaced), and says why in the log", async () => {
    const signed = { botId: bot.publicId, userId: "keyless", userHash: sign(secret, "keyless") };
    vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 10).toString("base64"));
    try {
      const lines: string[] = [];
      const logger = createLogger({ level: "warn", destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
      const session = await createPublicCaller(createApiContext({ db: t.db, logger })).chat.start(signed);
      expect(await visitorRow((await visitorIdOf(session.visitorToken))!)).toMatchObject({ verifiedUserId: null, claimedUserId: "keyless" });
      expect(JSON.stringify(await say(session.visitorToken, "Do you ship abroad?"))).toContain("40 countries");
      const warning = lines.map((line) => JSON.parse(line) as { msg: string; reason: string }).find((l) => l.msg === "visitor.identity_unverified");
      expect(warning).toMatchObject({ reason: "secret_unusable" });
    } finally {
      vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 9).toString("base64"));
    }
  });

  it("does not resume a verified visitor for a browser that no longer proves who it is (sign-out on a shared computer)", async () => {
    const signed = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "shared-pc", userHash: sign(secret, "shared-pc") });
    await say(signed.visitorToken, "my order history");
    const afterSignOut = await visitorCaller(t.db).chat.start({ botId: bot.publicId, visitorToken: signed.visitorToken });
    expect(afterSignOut.resumed).toBe(false);
    expect(afterSignOut.visitorToken).not.toBe(signed.visitorToken);
    expect(afterSignOut.messages).toEqual([]);
    const claimed = await visitorCaller(t.db).chat.start({ botId: bot.publicId, visitorToken: signed.visitorToken, userId: "shared-pc" });
    expect(claimed.messages).toEqual([]);
  });

  it("with 'Require verified identity', refuses unsigned identities and attributes but lets anonymous visitors chat", async () => {
    await owner.caller.bot.updateIdentity({ id: bot.id, requireVerifiedIdentity: true });
    const refused = await expectCode(visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "u-9", userHash: sign("wrong", "u-9") }), "FORBIDDEN");
    expect(refused.cause).toMatchObject({ reason: "identity_unverified" });
    await expectCode(visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "u-9" }), "FORBIDDEN");
    await expectCode(visitorCaller(t.db).chat.start({ botId: bot.publicId, attributes: { plan: "vip" } }), "FORBIDDEN");
    await expect(visitorCaller(t.db).chat.start({ botId: bot.publicId })).resolves.toMatchObject({ resumed: false });
    await expect(visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "u-9", userHash: sign(secret, "u-9"), attributes: { plan: "vip" } })).resolves.toMatchObject({
      resumed: false,
    });
  });
});

describe("rules that require verified attributes", () => {
  it("escalate a signed VIP and not a browser that claims to be one; the tester shows both", async () => {
    const rule = await owner.caller.rule.create({
      botId: bot.id,
      name: "Signed VIPs are urgent",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip", verifiedOnly: true }] },
      actions: [{ kind: "handoff" }, { kind: "set_priority", priority: "urgent" }],
    });
    const claimed = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "ceo", attributes: { plan: "vip", email: "ceo@bigcustomer.example" } });
    const claimedEvents = await say(claimed.visitorToken, "Do you ship abroad?");
    expect(claimedEvents.some((e) => e.type === "handoff")).toBe(false);
    const claimedConversation = await t.db.conversation.findFirstOrThrow({ where: { visitorId: (await visitorIdOf(claimed.visitorToken))! } });
    expect(claimedConversation).toMatchObject({ priority: "normal", status: "BOT", escalationReason: null });

    const signed = await visitorCaller(t.db).chat.start({ botId: bot.publicId, userId: "real-vip", userHash: sign(secret, "real-vip"), attributes: { plan: "vip" } });
    const signedEvents = await say(signed.visitorToken, "Do you ship abroad?");
    expect(signedEvents.at(-1)).toEqual({ type: "handoff", status: "QUEUED" });
    const signedConversation = await t.db.conversation.findFirstOrThrow({ where: { visitorId: (await visitorIdOf(signed.visitorToken))! } });
    expect(signedConversation).toMatchObject({ priority: "urgent", escalationReason: "attribute", escalationRuleId: rule.id });

    const asClaim = await owner.caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, attributes: { plan: "vip" } });
    expect(asClaim.decision.escalate).toBe(false);
    expect(asClaim.state.attributesVerified).toBe(false);
    expect(asClaim.decision.trace.find((r) => r.ruleId === rule.id)!.explanations.map((e) => e.code)).toEqual(["attribute_unverified"]);
    const asSigned = await owner.caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, attributes: { plan: "vip" }, attributesVerified: true });
    expect(asSigned.decision).toMatchObject({ escalate: true, reason: "attribute" });
    // A picked conversation counts as its visitor was stored.
    const fromSigned = await owner.caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, conversationId: signedConversation.id });
    expect(fromSigned.state.attributesVerified).toBe(true);
    const fromClaimed = await owner.caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, conversationId: claimedConversation.id });
    expect(fromClaimed.state.attributesVerified).toBe(false);
    await owner.caller.rule.delete({ id: rule.id });
  });
});

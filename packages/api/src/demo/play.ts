import { type Db } from "@kefu/db";
import { createApiContext } from "../platform/context.ts";
import { createPublicCaller } from "../public.ts";
import { MINUTE, moveConversationBack, startOf } from "./clock.ts";
import { type DemoConversation, type DemoStep } from "./script.ts";
import { type AdminCaller } from "./seed.ts";

interface Stage {
  tenantId: string;
  userId: string;
  caller: AdminCaller;
  bot: { id: string; publicId: string };
  timeZone: string;
  now: Date;
}

interface BotReply {
  id: string;
  citations: unknown[];
  suggestions: { sourceId: string; title: string }[];
}

let idCounter = 0;
/** A client message id as the widget makes them (unique per send). */
function clientMessageId(): string {
  idCounter += 1;
  return `demo${Date.now().toString(36)}${idCounter.toString(36)}${crypto.randomUUID().slice(0, 8)}`;
}

async function drain<T extends { type: string }>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/**
 * Plays one scripted conversation as a visitor (the public chat procedures) and the demo owner
 * (the inbox procedures), then moves it back to when the script says it happened. A `wait` moves
 * what happened so far back by its minutes, so the next step comes that much later.
 */
export async function playConversation(db: Db, stage: Stage, script: DemoConversation): Promise<{ conversationId: string; skipped: string[] }> {
  const visitor = createPublicCaller(createApiContext({ db }));
  const session = await visitor.chat.start({ botId: stage.bot.publicId, ...(script.attributes ? { attributes: script.attributes } : {}) });
  const auth = { botId: stage.bot.publicId, visitorToken: session.visitorToken };
  const skipped: string[] = [];
  let conversationId: string | null = null;
  let lastReply: BotReply | null = null;

  const remember = async (events: { type: string }[]) => {
    for (const event of events) {
      const message = (event as { message?: { id: string; citations?: unknown; suggestions?: unknown } }).message;
      if (!message) continue;
      if (!conversationId) {
        const row = await db.message.findFirst({ where: { tenantId: stage.tenantId, id: message.id }, select: { conversationId: true } });
        conversationId = row?.conversationId ?? null;
      }
      if (event.type === "bot_message") {
        lastReply = {
          id: message.id,
          citations: Array.isArray(message.citations) ? message.citations : [],
          suggestions: Array.isArray(message.suggestions) ? (message.suggestions as BotReply["suggestions"]) : [],
        };
      }
    }
  };
  const conversation = () => {
    if (!conversationId) throw new Error("the demo conversation has no message yet");
    return conversationId;
  };

  for (const step of script.steps) {
    const done = await playStep(step, {
      ask: async (text) => remember(await drain(await visitor.chat.send({ ...auth, text, clientMessageId: clientMessageId() }))),
      choose: async (title) => {
        const reply = lastReply as BotReply | null;
        const choice = reply?.suggestions.find((s) => s.title.includes(title));
        if (!reply || !choice) return false;
        await remember(await drain(await visitor.chat.chooseSuggestion({ ...auth, messageId: reply.id, sourceId: choice.sourceId, clientMessageId: clientMessageId() })));
        return true;
      },
      vote: async (vote) => {
        const reply = lastReply as BotReply | null;
        if (!reply || reply.citations.length === 0) return false;
        await visitor.chat.giveFeedback(vote.vote === "up" ? { ...auth, messageId: reply.id, helpful: true } : { ...auth, messageId: reply.id, helpful: false, reason: vote.reason, comment: vote.comment });
        return true;
      },
      human: async () => {
        await visitor.chat.requestHuman(auth);
        return true;
      },
      wait: (minutes) => moveConversationBack(db, { tenantId: stage.tenantId, conversationId: conversation() }, minutes * MINUTE),
      agent: async (text) => {
        const id = conversation();
        const row = await db.conversation.findFirst({ where: { tenantId: stage.tenantId, id }, select: { status: true } });
        if (row?.status !== "ASSIGNED") await stage.caller.inbox.claim({ id });
        await stage.caller.inbox.reply({ id, text, clientMessageId: clientMessageId() });
        return true;
      },
      resolve: async () => {
        await stage.caller.inbox.resolve({ id: conversation() });
        return true;
      },
      end: async () => {
        await visitor.chat.endConversation(auth);
        return true;
      },
      rate: async (rating, comment) => {
        await visitor.chat.rate({ ...auth, rating, ...(comment ? { comment } : {}) });
        return true;
      },
    });
    if (done === false) skipped.push(JSON.stringify(step));
  }

  // The whole conversation moves back so that it starts when the script says.
  const id = conversation();
  const row = await db.conversation.findFirstOrThrow({ where: { tenantId: stage.tenantId, id }, select: { createdAt: true } });
  const start = startOf(script.when, stage.timeZone, stage.now);
  await moveConversationBack(db, { tenantId: stage.tenantId, conversationId: id }, row.createdAt.getTime() - start.getTime());
  return { conversationId: id, skipped };
}

interface Actors {
  ask(text: string): Promise<void>;
  choose(title: string): Promise<boolean>;
  vote(vote: Extract<DemoStep, { vote: unknown }>): Promise<boolean>;
  human(): Promise<boolean>;
  wait(minutes: number): Promise<void>;
  agent(text: string): Promise<boolean>;
  resolve(): Promise<boolean>;
  end(): Promise<boolean>;
  rate(rating: 1 | 2 | 3 | 4 | 5, comment?: string): Promise<boolean>;
}

/** Runs one step; false when it could not be played as written. */
async function playStep(step: DemoStep, actors: Actors): Promise<boolean | void> {
  if ("ask" in step) return actors.ask(step.ask);
  if ("choose" in step) return actors.choose(step.choose);
  if ("vote" in step) return actors.vote(step);
  if ("human" in step) return actors.human();
  if ("wait" in step) return actors.wait(step.wait);
  if ("agent" in step) return actors.agent(step.agent);
  if ("resolve" in step) return actors.resolve();
  if ("end" in step) return actors.end();
  return actors.rate(step.rate, step.comment);
}

import { Prisma, type Db } from "@kefu/db";
import { transition } from "@kefu/domain";
import { type ConversationWrite } from "../conversations/index.ts";
import { MACHINE_STATE_FIELDS, machineStateOf, type MachineStateRow } from "./handoff.ts";

/** Tries before giving up on a conversation that keeps changing under us (never seen in practice). */
const TURN_ATTEMPTS = 3;

/**
 * The write that counts a visitor's turn the bot answered (or could not), through the state
 * machine's `visitor_message` transition: the unanswered streak and the hand-back cooldown move
 * on. Conditional on the row's status and streak as read, so a concurrent change is never
 * overwritten. Null when there is nothing to count (the bot no longer owns the conversation).
 * Stored with the bot's reply (conversations/append-message.ts) on the common path.
 */
export function visitorTurnWrite(row: MachineStateRow, answered: boolean): ConversationWrite | null {
  if (row.status !== "BOT") return null;
  const result = transition(machineStateOf(row), { type: "visitor_message", answered });
  if (!result.ok) return null;
  const { next } = result;
  return {
    when: { status: "BOT", unansweredStreak: row.unansweredStreak },
    set: { unansweredStreak: next.counters.consecutiveUnanswered, escalationCooldown: (next.cooldown as Prisma.InputJsonValue | null) ?? null },
  };
}

/**
 * Counts a visitor's turn on its own (when no reply is stored with it, or the write that came
 * with the reply found the conversation changed). `row` is the conversation as the caller read
 * it, or null to read it here; a concurrent change is re-read and counted again. Only a
 * conversation the bot still owns is counted.
 */
export async function countVisitorTurn(
  db: Db,
  input: { tenantId: string; conversationId: string; answered: boolean; row: MachineStateRow | null },
): Promise<void> {
  const { tenantId, conversationId, answered } = input;
  const read = () => db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: MACHINE_STATE_FIELDS });
  let row: MachineStateRow | null = input.row ?? (await read());
  for (let attempt = 0; attempt < TURN_ATTEMPTS && row; attempt++) {
    const write = visitorTurnWrite(row, answered);
    if (!write) return;
    const { count } = await db.conversation.updateMany({
      where: { id: conversationId, tenantId, ...write.when },
      data: { lastMessageAt: new Date(), unansweredStreak: write.set.unansweredStreak, escalationCooldown: write.set.escalationCooldown ?? Prisma.DbNull },
    });
    if (count > 0) return;
    row = await read();
  }
}

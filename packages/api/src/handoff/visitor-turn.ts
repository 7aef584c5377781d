import { Prisma, type Db } from "@kefu/db";
import { transition } from "@kefu/domain";
import { MACHINE_STATE_FIELDS, machineStateOf, type MachineStateRow } from "./handoff.ts";

/** Tries before giving up on a conversation that keeps changing under us (never seen in practice). */
const TURN_ATTEMPTS = 3;

/**
 * Counts a visitor's turn the bot answered (or could not) through the state machine's
 * `visitor_message` transition: the unanswered streak and the hand-back cooldown move on.
 * `row` is the conversation as the caller read it before answering (no extra read on the common
 * path). The write is conditional on that row's status and streak, so a concurrent change is
 * never overwritten: it is re-read and counted again. Only a conversation the bot still owns is
 * counted, as before the transition existed.
 */
export async function countVisitorTurn(
  db: Db,
  input: { tenantId: string; conversationId: string; answered: boolean; row: MachineStateRow },
): Promise<void> {
  const { tenantId, conversationId, answered } = input;
  let row: MachineStateRow | null = input.row;
  for (let attempt = 0; attempt < TURN_ATTEMPTS && row?.status === "BOT"; attempt++) {
    const result = transition(machineStateOf(row), { type: "visitor_message", answered });
    if (!result.ok) return;
    const { next } = result;
    const { count } = await db.conversation.updateMany({
      where: { id: conversationId, tenantId, status: "BOT", unansweredStreak: row.unansweredStreak },
      data: {
        lastMessageAt: new Date(),
        unansweredStreak: next.counters.consecutiveUnanswered,
        escalationCooldown: next.cooldown ?? Prisma.DbNull,
      },
    });
    if (count > 0) return;
    row = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: MACHINE_STATE_FIELDS });
  }
}

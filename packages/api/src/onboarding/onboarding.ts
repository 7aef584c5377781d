import { type OnboardingStatus } from "@kefu/domain";
import { type Db } from "@kefu/db";

/** Where a member of a workspace stands with its first steps, each from the workspace's own rows. */
export async function onboardingStatus(db: Db, tenantId: string, userId: string): Promise<OnboardingStatus> {
  const [membership, tenant, firstBot, source, conversation, invite, members] = await Promise.all([
    db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: { onboardingDismissedAt: true } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { snippetCopiedAt: true } }),
    db.bot.findFirst({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: { id: true } }),
    db.knowledgeSource.findFirst({ where: { tenantId }, select: { id: true } }),
    // A conversation in which a visitor (the owner trying it, or a customer) wrote something.
    db.message.findFirst({ where: { tenantId, role: "VISITOR" }, select: { id: true } }),
    db.invite.findFirst({ where: { tenantId }, select: { id: true } }),
    db.membership.count({ where: { tenantId } }),
  ]);
  return {
    dismissed: membership?.onboardingDismissedAt != null,
    botId: firstBot?.id ?? null,
    steps: {
      bot: firstBot !== null,
      knowledge: source !== null,
      tried: conversation !== null,
      snippet: tenant.snippetCopiedAt !== null,
      invited: invite !== null || members > 1,
    },
  };
}

/** Hides the checklist for this member (the others still see theirs). */
export async function dismissOnboarding(db: Db, tenantId: string, userId: string): Promise<void> {
  await db.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { onboardingDismissedAt: new Date() } });
}

/** Notes the first time anyone in the workspace copied an embed snippet. */
export async function noteSnippetCopied(db: Db, tenantId: string): Promise<void> {
  await db.tenant.updateMany({ where: { id: tenantId, snippetCopiedAt: null }, data: { snippetCopiedAt: new Date() } });
}

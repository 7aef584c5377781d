import { type Db } from "@kefu/db";
import {
  checkPrechatAnswers,
  DomainError,
  pendingPrechat,
  PRECHAT_ANSWER_MESSAGES,
  PrechatRequiredError,
  storedPrechatForm,
  storedVisitorAttributes,
  verifiedKeys,
  type PrechatView,
} from "@kefu/domain";
import { type PublicBot, type VisitorRef } from "../conversations/index.ts";

/** A Chinese bot's visitors write local numbers as in China; others are asked for the country code. */
const phoneCountryOf = (bot: Pick<PublicBot, "language">) => (bot.language === "zh" ? ("CN" as const) : undefined);

async function visitorAttributes(db: Db, visitor: VisitorRef) {
  return db.visitor.findFirst({
    where: { id: visitor.id, tenantId: visitor.tenantId },
    select: { attributes: true, attributesVerified: true, prechatAnswers: true },
  });
}

const signedKeys = (row: { attributes: unknown; attributesVerified: boolean }) => verifiedKeys(storedVisitorAttributes(row.attributes), row.attributesVerified);

/**
 * The form a starting visitor is asked to fill, or null: the bot has none, the visitor already sent
 * it (a reload, another device of a verified user), or the website's signed attributes give every
 * field. Costs a query only when the bot has a form.
 */
export async function prechatForVisitor(db: Db, bot: PublicBot, visitor: VisitorRef): Promise<PrechatView | null> {
  const form = storedPrechatForm(bot.prechatForm);
  if (!form?.enabled) return null;
  const row = await visitorAttributes(db, visitor);
  return row ? pendingPrechat(form, row.prechatAnswers, signedKeys(row)) : null;
}

/**
 * Stores the visitor's answers, after checking them against the bot's form here, whatever the
 * widget checked: BAD_REQUEST `prechat_invalid` with each refused field's reason in `details`
 * ({ name: "required", plan: "not_an_option" }). Sending again replaces the answers.
 */
export async function submitPrechat(db: Db, bot: PublicBot, visitor: VisitorRef, answers: Record<string, string>): Promise<{ values: Record<string, string> }> {
  const row = await visitorAttributes(db, visitor);
  if (!row) throw new DomainError("UNAUTHORIZED", "visitor_not_found", "Your chat session has expired. Reload the page to start again.");
  const check = checkPrechatAnswers(storedPrechatForm(bot.prechatForm), answers, { skipKeys: signedKeys(row), defaultCountry: phoneCountryOf(bot) });
  if (!check.ok) {
    const [key, reason] = Object.entries(check.errors)[0]!;
    throw new DomainError("BAD_REQUEST", "prechat_invalid", `${key.slice(0, 64)}: ${PRECHAT_ANSWER_MESSAGES[reason]}`, check.errors);
  }
  await db.visitor.updateMany({ where: { id: visitor.id, tenantId: visitor.tenantId }, data: { prechatAnswers: check.values } });
  return { values: check.values };
}

/** Refused before the form is sent: the widget shows the visitor's form (carried in the error) again. */
export const prechatRequired = (prechat: PrechatView) => new PrechatRequiredError(prechat);

import { fillTemplate } from "@kefu/domain";
import { type Translate } from "@kefu/ui/i18n";
import { type Table } from "./chart-card";

/**
 * "Escalations by rule" as the page shows it: a deleted rule's name marked as such (the CSV has a
 * `deleted` column). The name is filled in as it is, whatever characters it has.
 */
export const markDeletedRules = (table: Table, t: Translate): Table => ({
  columns: ["rule", "escalations"],
  rows: table.rows.map(([name, n, deleted]) => [deleted ? fillTemplate(t("analytics.ruleDeleted"), { name: String(name) }) : (name ?? null), n ?? null]),
});

import { type DbTx } from "@kefu/db";
import { highlightSnippet, type Snippet } from "@kefu/domain";
import { getBot, knowledgeBaseIdsForBot } from "../bots/index.ts";

export const MAX_SEARCH_RESULTS = 50;

interface Row {
  id: string;
  kind: "FAQ" | "MARKDOWN" | "URL" | "PDF";
  title: string;
  question: string | null;
  alternatives: string[];
  answer: string | null;
  content: string | null;
  knowledgeBaseId: string;
  knowledgeBaseName: string;
}

/**
 * Finds the sources of a bot's knowledge bases whose title, question,
 * alternative phrasings, answer or content contain the query, case-insensitively.
 * Substring matching (strpos, no LIKE wildcards to escape) so Chinese works
 * without segmentation; filtered by tenant inside the SQL.
 */
export async function searchKnowledge(db: DbTx, tenantId: string, botId: string, query: string) {
  const bot = await getBot(db, tenantId, botId);
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, tenantId, bot.id);
  if (knowledgeBaseIds.length === 0) return [];
  const needle = query.trim().toLowerCase();
  const rows = await db.$queryRaw<Row[]>`
    SELECT s."id", s."kind"::text AS "kind", s."title", s."question", s."alternatives", s."answer", s."content",
           s."knowledgeBaseId", kb."name" AS "knowledgeBaseName"
    FROM "KnowledgeSource" s
    JOIN "KnowledgeBase" kb ON kb."id" = s."knowledgeBaseId" AND kb."tenantId" = ${tenantId}
    WHERE s."tenantId" = ${tenantId}
      AND s."knowledgeBaseId" = ANY(${knowledgeBaseIds}::text[])
      AND (
        strpos(lower(s."title"), ${needle}) > 0
        OR strpos(lower(coalesce(s."question", '')), ${needle}) > 0
        OR strpos(lower(array_to_string(s."alternatives", ' | ')), ${needle}) > 0
        OR strpos(lower(coalesce(s."answer", '')), ${needle}) > 0
        OR strpos(lower(coalesce(s."content", '')), ${needle}) > 0
      )
    ORDER BY s."updatedAt" DESC, s."id"
    LIMIT ${MAX_SEARCH_RESULTS}`;
  return rows.map((row) => {
    // Show the field the visitor-facing answer comes from first; the title last (it is shown anyway).
    const fields: [string, string | null][] = [
      ["question", row.question],
      ["alternatives", row.alternatives.join(" | ")],
      ["answer", row.answer],
      ["content", row.content],
      ["title", row.title],
    ];
    let snippet: Snippet | null = null;
    let field = "title";
    for (const [name, text] of fields) {
      snippet = text ? highlightSnippet(text, query) : null;
      if (snippet) {
        field = name;
        break;
      }
    }
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      knowledgeBaseId: row.knowledgeBaseId,
      knowledgeBaseName: row.knowledgeBaseName,
      field,
      snippet: snippet ?? { before: row.title, match: "", after: "" },
    };
  });
}

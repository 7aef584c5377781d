import { fillTemplate } from "../escalation/explanations";

/**
 * Problems an intent-set import reports, by code, in English; the dashboard has each code in its
 * own languages (intents.err.<code>) and falls back to `reason`.
 */
export const INTENT_ERRORS_EN = {
  file_empty: "The file is empty.",
  no_rows: "The file has a header but no rows.",
  no_phrases: "The file has no training phrases.",
  columns: "{count} columns where {width} were expected (put a phrasing that contains a comma in double quotes)",
  yaml_invalid: "Not valid YAML: {detail}",
  not_rasa_top: 'Not Rasa training data: expected "nlu:" or "responses:" at the top of the file.',
  not_rasa: 'Not Rasa training data: the file has no "nlu:" or "responses:" section.',
  nlu_not_list: '"nlu:" must be a list of "- intent:" items',
  example_line: 'An example must be a line starting with "- "',
  no_examples: 'The intent "{label}" has no examples',
  too_many_rows: "At most {max} phrasings per import; this has {count}. Split it into several files.",
  too_many_labels: "More than {max} labels in one import",
  phrasing_empty: "The phrasing is empty",
  phrasing_too_long: "A phrasing must be at most {max} characters",
  label_empty: "The label is empty",
  label_too_long: "A label must be at most {max} characters",
  label_multiline: "A label must be on one line",
  label_too_many_phrasings: '"{label}" has more than {max} phrasings',
  answer_too_long: "An answer must be at most 5000 characters",
  answer_conflict: 'A different answer for "{label}" than on line {line}',
  entry_too_many_phrasings: '"{label}" would have {total} phrasings with those it has; at most {max}',
  invalid: "{detail}",
} as const;
export type IntentErrorCode = keyof typeof INTENT_ERRORS_EN;

/** A problem with the file (line 0: the file as a whole). `file` names which file when there are several. */
export interface IntentRowError {
  line: number;
  code: IntentErrorCode;
  params: Record<string, string | number>;
  /** The English wording (API messages, logs). */
  reason: string;
  file?: string;
}

export function intentError(line: number, code: IntentErrorCode, params: Record<string, string | number> = {}, file?: string): IntentRowError {
  return { line, code, params, reason: fillTemplate(INTENT_ERRORS_EN[code], params), ...(file ? { file } : {}) };
}

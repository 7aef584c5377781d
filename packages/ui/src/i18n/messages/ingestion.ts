// UI strings for the ingestion feature. A key missing in zh fails typecheck.
// Status words themselves are the shared "knowledge.status.*" keys.
export const en = {
  "ingestion.progress": "Indexing progress",
  "ingestion.oldServed": "The previous version answers until this one is ready.",
  "ingestion.failedReason": "Reason:",
  "ingestion.retry": "Retry",
  "ingestion.retrying": "Retrying…",
} as const;

export const zh: Record<keyof typeof en, string> = {
  "ingestion.progress": "索引进度",
  "ingestion.oldServed": "新版本就绪前，仍由上一版本回答。",
  "ingestion.failedReason": "原因：",
  "ingestion.retry": "重试",
  "ingestion.retrying": "正在重试…",
};

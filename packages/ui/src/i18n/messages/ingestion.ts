// UI strings for the ingestion feature. A key missing in zh fails typecheck.
export const en = {} as const;

export const zh: Record<keyof typeof en, string> = {};

export { coverGap, dismissGap, gapPrefill, listGaps, reopenGap, type GapList, type GapStatus, type GapView } from "./gaps.ts";
export { LOW_CONFIDENCE_MARGIN, MAX_GAP_QUESTIONS } from "./questions.ts";
export { gapRouter } from "./router.ts";

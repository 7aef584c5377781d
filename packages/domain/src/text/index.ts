export { porterStem } from "./porter";
export { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from "./stopwords";
export { detectLanguage, hasCjk, normalizeText, tokenize, type TokenizeOptions } from "./tokenize";

export { porterStem } from "./porter";
export { canonicalizeChinese } from "./colloquial";
export { CHINESE_COLLOQUIAL_STOP_WORDS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from "./stopwords";
export { BUILTIN_SYNONYMS, detectLanguage, hasCjk, normalizeText, tokenize, type TokenizeOptions } from "./tokenize";
export { SERVICE_SYNONYMS } from "./service-lexicon";
export { compileSynonyms, withSynonyms, type SynonymSet, type Synonyms } from "./synonyms";
export { hasNoTopic, sharesTopic } from "./topic";

// UI strings of the "did you mean" band and the related questions under an answer: the chat's quick replies and the playground. A key missing in zh fails typecheck.
export const en = {
  "suggestions.label": "Did you mean…",
  "suggestions.related": "Related questions",
  "playground.suggest": "Would not answer, but offer these entries to choose from (“did you mean”): the confidence is between the suggestion and answer thresholds",
  "playground.suggest.familiar":
    "Would not answer, but offer these entries to choose from (“did you mean”): the confidence is below the suggestion threshold, but most of the question's words occur in the knowledge",
  "playground.suggest.topic":
    "Would not answer, but offer these entries to choose from (“did you mean”): the confidence reaches the answer threshold, but the question shares no topic with the entry it matched",
  "playground.suggestions": "Offered",
  "playground.suggestThreshold": "suggests from",
};

export const zh: Record<keyof typeof en, string> = {
  "suggestions.label": "您是想问…",
  "suggestions.related": "相关问题",
  "playground.suggest": "不会直接回答，而是列出以下条目供访客选择（“您是想问”）：置信度介于建议阈值和回答阈值之间",
  "playground.suggest.familiar": "不会直接回答，而是列出以下条目供访客选择（“您是想问”）：置信度低于建议阈值，但问题中的大部分词语在知识库中出现过",
  "playground.suggest.topic": "不会直接回答，而是列出以下条目供访客选择（“您是想问”）：置信度达到回答阈值，但问题与匹配到的条目没有共同的主题",
  "playground.suggestions": "可选条目",
  "playground.suggestThreshold": "建议阈值",
};

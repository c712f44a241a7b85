/** The LLM judge of the filter cascade: stage factory, judgment shape and counters. */
export { createLlmJudgeStage, isEscalated, LlmJudgeStage, LLM_STAGE_NAME } from './stage.js';
export { llmJudgeOptions, parseLlmJudgeOptions, type LlmJudgeOptions, type LlmJudgeOptionsInput, type OnLlmError } from './options.js';
export { addOutcome, countLlmJudgment, emptyLlmCounts, mergeLlmCounts, type LlmJudgeCounts, type LlmJudgment, type LlmOutcome } from './judgment.js';
export { LLM_ERROR_KINDS, type LlmErrorKind } from './retry.js';
export { DEFAULT_PROMPT } from './default-prompt.js';
export { loadPromptTemplate, type PromptTemplate } from './prompt.js';
export { parseVerdict, RAW_ANSWER_LIMIT, type Verdict } from './verdict.js';

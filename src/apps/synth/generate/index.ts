/**
 * `warden synth generate`: prompt files → validated, de-duplicated JSONL rows with provenance,
 * in a resumable run directory. See engine.ts for the run, prompt-file.ts for the file format.
 */
export { generate, type BatchHooks, type FirstRoundFetcher, type GenerateOptions, type GenerateResult } from './engine.js';
export { batchFirstRound, useBatch, AUTO_BATCH_MIN_REQUESTS, type BatchMode } from './batch.js';
export { extractRows } from './extract.js';
export { checkGenerated, type RejectReason, type Rejection } from './check.js';
export { configHash, GenerateRunDir, type GenerateConfig, type GenerateManifest, type Invocation, type PromptEntry } from './manifest.js';
export { isQuotaExhausted, quotaReason, ModelChain } from './models.js';
export { loadPrompts, parsePromptFile, readPromptFile, DEFAULT_SAMPLES, type PromptFile } from './prompt-file.js';
export { formatSummary } from './summary.js';

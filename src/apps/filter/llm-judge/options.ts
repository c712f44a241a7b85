import { z } from 'zod';
import { WardenError } from '../../../core/errors.js';

/**
 * Options of the LLM judge stage. Plain data only (they travel to worker threads and BullMQ
 * workers inside the pipeline config, and into the run manifest), so the API key is named by
 * the environment variable that holds it, never passed itself.
 */
export const llmJudgeOptions = z
  .object({
    /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:8000/v1` (vLLM, llama.cpp) or `https://api.openai.com/v1`. */
    endpoint: z.string().min(1).max(2048).refine(isHttpUrl, 'must be an http:// or https:// URL'),
    model: z.string().min(1).max(256),
    /** Prompt template file with `{{text}}`; absent: the built-in template (default-prompt.ts). */
    prompt_file: z.string().min(1).optional(),
    /** When set, the template's sha256 must equal it: a resumed run cannot silently switch prompts. */
    prompt_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** Document characters put into the prompt; longer texts are cut there. */
    max_chars: z.number().int().min(1).max(1_000_000).default(12_000),
    /** Completion budget: the answer is one token; reasoning models need more. */
    max_tokens: z.number().int().min(1).max(32_768).default(16),
    /** Requests in flight at once per worker (records of a batch are judged together, output order kept). */
    concurrency: z.number().int().min(1).max(256).default(8),
    /** Retries after the first attempt on 429, 408/409, 5xx, timeouts and connection errors. */
    max_retries: z.number().int().min(0).max(20).default(4),
    /** First backoff; doubles per retry, full jitter, capped at max_backoff_ms. */
    backoff_ms: z.number().int().min(0).max(600_000).default(500),
    max_backoff_ms: z.number().int().min(0).max(600_000).default(30_000),
    /** A Retry-After longer than this is cut to it (the retry still waits, bounded). */
    max_retry_after_ms: z.number().int().min(0).max(600_000).default(60_000),
    /** Per-request timeout (each attempt). */
    timeout_ms: z.number().int().min(1).max(3_600_000).default(60_000),
    /** After retries are exhausted or the answer is unparseable: mark hazardous, mark safe, or fail the record. */
    on_error: z.enum(['flag', 'pass', 'fail']).default('flag'),
    /** Response cache: a store URL (`sqlite:<run>/llm-cache.sqlite`, `postgres://...`) or 'off'. */
    cache: z.string().min(1).default('off'),
    /** Environment variable holding the API key; unset or empty sends 'none' (local servers). */
    api_key_env: z.string().min(1).max(128).default('OPENAI_API_KEY'),
    /** Text field; absent: the run's --text-field. */
    text_field: z.string().min(1).optional(),
    /**
     * Whose `judgments.<name>.escalate` gates the judge. 'auto': the last judgment (in key order,
     * i.e. cascade order) that carries an `escalate` boolean.
     */
    escalated_by: z.string().min(1).default('auto'),
  })
  .strict();

export type LlmJudgeOptions = z.output<typeof llmJudgeOptions>;
export type LlmJudgeOptionsInput = z.input<typeof llmJudgeOptions>;
export type OnLlmError = LlmJudgeOptions['on_error'];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates plain-data options with an error that names the field. */
export function parseLlmJudgeOptions(input: unknown): LlmJudgeOptions {
  const parsed = llmJudgeOptions.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WardenError('W_CONFIG_INVALID', `llm judge option "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  return parsed.data;
}

import OpenAI from 'openai';
import { WardenError } from '../../../core/errors.js';
import { judgeCacheKey, type JudgeCache } from './cache.js';
import type { LlmJudgeOptions } from './options.js';
import { renderPrompt, type PromptTemplate } from './prompt.js';
import { backoffDelay, classifyLlmError, type ClassifiedError, type LlmErrorKind } from './retry.js';
import { boundRaw, parseVerdict, type Verdict } from './verdict.js';

/** What judging one text produced, before the on_error policy is applied. */
export interface JudgeAnswer {
  verdict: Verdict | null;
  /** Model answer, bounded (RAW_ANSWER_LIMIT); '' when there was none. */
  raw: string;
  error?: string;
  error_kind?: LlmErrorKind;
  cached: boolean;
  /** HTTP requests made (0 on a cache hit). */
  attempts: number;
  truncated: boolean;
}

export interface JudgeDeps {
  client: OpenAI;
  options: LlmJudgeOptions;
  template: PromptTemplate;
  cache: JudgeCache | undefined;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The OpenAI client the judge uses: the SDK's own retries are off (the judge retries, counts
 * and bounds them itself), every attempt has `timeout_ms`.
 *
 * @example
 * const client = createJudgeClient(parseLlmJudgeOptions({ endpoint: 'http://127.0.0.1:8000/v1', model: 'm' }));
 */
export function createJudgeClient(options: LlmJudgeOptions, env: NodeJS.ProcessEnv = process.env): OpenAI {
  const key = env[options.api_key_env];
  return new OpenAI({
    baseURL: options.endpoint,
    // Local servers (vLLM, llama.cpp) accept any key; the SDK insists on one.
    apiKey: key && key.trim() !== '' ? key : 'none',
    maxRetries: 0,
    timeout: options.timeout_ms,
  });
}

/**
 * Judges one document text: cache, then up to 1 + max_retries requests with backoff, then the
 * answer parsed. Never throws for a per-record problem (it returns an answer with `error`);
 * throws a W_CONFIG_INVALID WardenError when the endpoint refuses every request (401/403/404).
 *
 * @example
 * const answer = await judgeText({ client, options, template, cache: undefined }, 'document text');
 * answer.verdict; // 0 | 1 | null
 */
export async function judgeText(deps: JudgeDeps, text: string): Promise<JudgeAnswer> {
  const { client, options, template, cache } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const rendered = renderPrompt(template, text, options.max_chars);
  const key = cache ? judgeCacheKey(options.model, template.sha256, rendered.text) : '';
  const hit = cache ? await cache.get(key) : undefined;
  if (hit) return { verdict: hit.verdict, raw: hit.raw, cached: true, attempts: 0, truncated: rendered.truncated };

  let attempts = 0;
  let last: ClassifiedError | undefined;
  for (let retry = 0; retry <= options.max_retries; retry++) {
    if (last) await sleep(backoffDelay(retry - 1, last.retryAfterMs, options));
    attempts++;
    let content: string;
    let finish: string | null;
    try {
      const completion = await client.chat.completions.create({
        model: options.model,
        messages: [{ role: 'user', content: rendered.prompt }],
        temperature: 0,
        max_tokens: options.max_tokens,
      });
      const choice = completion.choices?.[0];
      content = typeof choice?.message?.content === 'string' ? choice.message.content : '';
      finish = choice?.finish_reason ?? null;
    } catch (error) {
      last = classifyLlmError(error);
      if (last.fatal) {
        throw new WardenError('W_CONFIG_INVALID', `the LLM endpoint ${options.endpoint} refused the request for model "${options.model}" (${scrubEcho(last.message, rendered.text)}); check --llm-endpoint, --llm-model and $${options.api_key_env}`, { cause: error });
      }
      if (last.retryable) continue;
      break;
    }
    const raw = boundRaw(content);
    const verdict = parseVerdict(content);
    if (verdict !== null) {
      if (cache) await cache.put(key, options.model, { verdict, raw });
      return { verdict, raw, cached: false, attempts, truncated: rendered.truncated };
    }
    // A well-formed reply without a verdict is final: at temperature 0, asking again gives the same.
    const kind: LlmErrorKind = finish === 'content_filter' ? 'content_filter' : content.trim() === '' ? 'empty' : 'unparseable';
    const reason = kind === 'unparseable' ? 'no 0/1 or yes/no in the answer' : kind === 'empty' ? `empty answer (finish_reason ${finish ?? 'none'})` : 'the endpoint filtered the answer';
    return { verdict: null, raw, error: reason, error_kind: kind, cached: false, attempts, truncated: rendered.truncated };
  }
  const failure = last!;
  const message = scrubEcho(failure.message, rendered.text);
  const error = failure.retryable ? `${message} (gave up after ${attempts} attempts)` : message;
  return { verdict: null, raw: '', error, error_kind: failure.kind, cached: false, attempts, truncated: rendered.truncated };
}

const ECHO_WINDOW = 24;

/**
 * Error messages end up in judgments, rejects and logs, which must not carry document text;
 * some servers echo the input in validation errors. A message that shares any 24-character
 * stretch with the text sent is replaced by its first word (the status).
 */
function scrubEcho(message: string, text: string): string {
  if (text.length < ECHO_WINDOW) return text.length >= 8 && message.includes(text) ? redacted(message) : message;
  // Error path only, message ≤ ~260 chars: every window is affordable.
  for (let i = 0; i + ECHO_WINDOW <= message.length; i++) {
    if (text.includes(message.slice(i, i + ECHO_WINDOW))) return redacted(message);
  }
  return message;
}

function redacted(message: string): string {
  const head = message.split(' ', 2).join(' ');
  return `${head} [server message withheld: it quotes the document]`;
}

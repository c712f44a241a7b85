import { WardenError } from '../core/errors.js';
import { createProvider, type LlmConfig } from './provider.js';
import type { LlmProvider, ProviderKind } from './types.js';

/**
 * How to point Warden at an LLM: the text of the W_LLM_NOT_CONFIGURED error and of the
 * `--help` epilogue of every command that can use one.
 */
export const LLM_SETUP_HELP = `LLM configuration (environment):
  WARDEN_LLM_BASE_URL   OpenAI-compatible base URL (ends in /v1), or https://api.anthropic.com
  WARDEN_LLM_MODEL      model name, e.g. llama3.1:8b, gpt-4o-mini, claude-haiku-4-5
  WARDEN_LLM_PROVIDER   openai | anthropic (default: inferred from the URL and the keys)
  WARDEN_LLM_API_KEY    API key (else OPENAI_API_KEY / ANTHROPIC_API_KEY; local servers need none)
  WARDEN_LLM_RPM, WARDEN_LLM_TPM, WARDEN_LLM_CONCURRENCY, WARDEN_LLM_MAX_RETRIES,
  WARDEN_LLM_TIMEOUT_MS, WARDEN_LLM_MAX_TOKENS   client-side limits and defaults
  WARDEN_LLM_CACHE      off | sqlite:PATH | postgres://...   response cache
LLM servers, for example:
  Ollama:     export WARDEN_LLM_BASE_URL=http://127.0.0.1:11434/v1 WARDEN_LLM_MODEL=llama3.1:8b
  vLLM:       export WARDEN_LLM_BASE_URL=http://127.0.0.1:8000/v1 WARDEN_LLM_MODEL=Qwen/Qwen2.5-7B-Instruct
  llama.cpp:  export WARDEN_LLM_BASE_URL=http://127.0.0.1:8080/v1 WARDEN_LLM_MODEL=local
  LM Studio:  export WARDEN_LLM_BASE_URL=http://127.0.0.1:1234/v1 WARDEN_LLM_MODEL=qwen2.5-7b-instruct
  OpenAI:     export OPENAI_API_KEY=sk-... WARDEN_LLM_MODEL=gpt-4o-mini
  Anthropic:  export ANTHROPIC_API_KEY=sk-ant-... WARDEN_LLM_MODEL=claude-haiku-4-5`;

/** Options a command passes on top of the environment (its flags win over the variables). */
export interface LlmOverrides {
  provider?: ProviderKind | undefined;
  baseURL?: string | undefined;
  model?: string | undefined;
  apiKey?: string | undefined;
  rpm?: number | undefined;
  tpm?: number | undefined;
  concurrency?: number | undefined;
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  maxTokens?: number | undefined;
  /** Cache store URL, or 'off'. Wins over WARDEN_LLM_CACHE. */
  cache?: string | undefined;
  /** Used when neither `cache` nor WARDEN_LLM_CACHE says anything, e.g. `sqlite:OUT/llm-cache.sqlite`. */
  defaultCache?: string | undefined;
  noCache?: boolean | undefined;
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function intVar(env: Env, name: string, override: number | undefined, min: number, max: number): number | undefined {
  if (override !== undefined) return checkInt(name, override, min, max);
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  return checkInt(name, Number(raw), min, max, raw);
}

function checkInt(name: string, n: number, min: number, max: number, raw = String(n)): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new WardenError('W_CONFIG_INVALID', `${name} must be an integer from ${min} to ${max} (got "${raw.slice(0, 40)}")`);
  return n;
}

function isOfficialHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'api.openai.com' || host === 'api.anthropic.com';
  } catch {
    return false;
  }
}

function isAnthropicHost(url: string): boolean {
  try {
    return new URL(url).hostname === 'api.anthropic.com';
  } catch {
    return false;
  }
}

/**
 * Resolves the LLM configuration from the environment and a command's overrides. Provider:
 * WARDEN_LLM_PROVIDER, else anthropic when the base URL is api.anthropic.com or, without a
 * base URL, when ANTHROPIC_API_KEY is the only provider key set; else openai. Key:
 * WARDEN_LLM_API_KEY, else the provider's own variable. Throws W_LLM_NOT_CONFIGURED (saying
 * what to set, with examples) when there is no endpoint or no model, W_CONFIG_INVALID for a
 * malformed value (naming the variable).
 *
 * @example
 * resolveLlmConfig({ WARDEN_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', WARDEN_LLM_MODEL: 'llama3.1:8b' }).provider; // 'openai'
 */
export function resolveLlmConfig(env: Env = process.env, overrides: LlmOverrides = {}, command?: string): LlmConfig {
  const baseURL = overrides.baseURL ?? value(env, 'WARDEN_LLM_BASE_URL');
  const genericKey = overrides.apiKey ?? value(env, 'WARDEN_LLM_API_KEY');
  const openaiKey = value(env, 'OPENAI_API_KEY');
  const anthropicKey = value(env, 'ANTHROPIC_API_KEY');
  const who = command ? `${command} needs an LLM, but ` : '';
  const explicit = overrides.provider ?? value(env, 'WARDEN_LLM_PROVIDER');
  if (explicit !== undefined && explicit !== 'openai' && explicit !== 'anthropic') {
    throw new WardenError('W_CONFIG_INVALID', `WARDEN_LLM_PROVIDER must be openai or anthropic (got "${explicit.slice(0, 40)}")`);
  }
  if (baseURL !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(baseURL);
    } catch {
      throw new WardenError('W_CONFIG_INVALID', `WARDEN_LLM_BASE_URL must be an http:// or https:// URL (got "${baseURL.slice(0, 80)}")`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new WardenError('W_CONFIG_INVALID', `WARDEN_LLM_BASE_URL must be an http:// or https:// URL (got "${parsed.protocol}")`);
  }
  const provider: ProviderKind =
    (explicit as ProviderKind | undefined) ??
    (baseURL !== undefined ? (isAnthropicHost(baseURL) ? 'anthropic' : 'openai') : anthropicKey !== undefined && openaiKey === undefined ? 'anthropic' : 'openai');
  const apiKey = genericKey ?? (provider === 'anthropic' ? anthropicKey : openaiKey);
  if (apiKey === undefined && baseURL !== undefined && isOfficialHost(baseURL)) {
    const keyVar = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
    throw new WardenError('W_LLM_NOT_CONFIGURED', `${who}${baseURL} needs an API key: set ${keyVar} (or WARDEN_LLM_API_KEY).\n${LLM_SETUP_HELP}`);
  }
  if (baseURL === undefined && apiKey === undefined) {
    const configured = explicit !== undefined || value(env, 'WARDEN_LLM_MODEL') !== undefined || overrides.model !== undefined;
    const what = configured
      ? `no endpoint is configured: set WARDEN_LLM_BASE_URL for a local server, or ${provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'} (or WARDEN_LLM_API_KEY) for ${provider === 'anthropic' ? 'Anthropic' : 'OpenAI'}`
      : 'no LLM is configured: set WARDEN_LLM_BASE_URL and WARDEN_LLM_MODEL for a local server, or an API key and WARDEN_LLM_MODEL';
    throw new WardenError('W_LLM_NOT_CONFIGURED', `${who}${what}.\n${LLM_SETUP_HELP}`);
  }
  const model = overrides.model ?? value(env, 'WARDEN_LLM_MODEL');
  if (model === undefined) {
    throw new WardenError('W_LLM_NOT_CONFIGURED', `${who}no model is configured: set WARDEN_LLM_MODEL${command ? ' (or pass --model)' : ''}, e.g. WARDEN_LLM_MODEL=${provider === 'anthropic' ? 'claude-haiku-4-5' : baseURL ? 'llama3.1:8b' : 'gpt-4o-mini'}.\n${LLM_SETUP_HELP}`);
  }
  const cacheSetting = overrides.cache ?? value(env, 'WARDEN_LLM_CACHE') ?? overrides.defaultCache;
  const cacheOff = cacheSetting === undefined || cacheSetting === 'off' || cacheSetting === 'none';
  return {
    provider,
    model,
    baseURL,
    apiKey,
    rpm: intVar(env, 'WARDEN_LLM_RPM', overrides.rpm, 1, 1_000_000),
    tpm: intVar(env, 'WARDEN_LLM_TPM', overrides.tpm, 1, 1_000_000_000),
    concurrency: intVar(env, 'WARDEN_LLM_CONCURRENCY', overrides.concurrency, 1, 1024),
    maxRetries: intVar(env, 'WARDEN_LLM_MAX_RETRIES', overrides.maxRetries, 0, 20),
    timeoutMs: intVar(env, 'WARDEN_LLM_TIMEOUT_MS', overrides.timeoutMs, 1, 3_600_000),
    maxTokens: intVar(env, 'WARDEN_LLM_MAX_TOKENS', overrides.maxTokens, 1, 1_000_000),
    cache: cacheOff ? undefined : cacheSetting,
    noCache: overrides.noCache ?? false,
  };
}

/**
 * The provider the environment configures (see resolveLlmConfig), with the command's
 * overrides. Throws W_LLM_NOT_CONFIGURED when none is.
 *
 * @example
 * const llm = providerFromEnv(process.env, { model: 'gpt-4o-mini', defaultCache: 'sqlite:out/llm-cache.sqlite' });
 */
export function providerFromEnv(env: Env = process.env, overrides: LlmOverrides = {}): LlmProvider & { close(): Promise<void> } {
  return createProvider(resolveLlmConfig(env, overrides));
}

/**
 * What a command calls before it needs an LLM: the configured provider, or a
 * W_LLM_NOT_CONFIGURED error that names the command and says exactly what to set.
 *
 * @example
 * const llm = requireLlm('warden synth generate', { env: process.env, overrides: { model: flags.model } });
 */
export function requireLlm(command: string, options: { env?: Env; overrides?: LlmOverrides } = {}): LlmProvider & { close(): Promise<void> } {
  return createProvider(resolveLlmConfig(options.env ?? process.env, options.overrides ?? {}, command));
}

/**
 * True when the environment configures an LLM (for commands where one is optional).
 *
 * @example
 * if (!llmConfigured()) log.info('no LLM configured: the judge stage is skipped');
 */
export function llmConfigured(env: Env = process.env, overrides: LlmOverrides = {}): boolean {
  try {
    resolveLlmConfig(env, overrides);
    return true;
  } catch {
    return false;
  }
}

/** The `--help` epilogue for commands that can use an LLM (commander `addHelpText('after', ...)`). */
export function llmHelpEpilogue(): string {
  return `\n${LLM_SETUP_HELP}\n`;
}

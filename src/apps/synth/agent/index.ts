/**
 * Agentic DLP generation (`warden synth dlp-agent`): a planner fixes the scenario mix, the
 * specialist prompts (prompts/dlp-agent) ask an LLM for prose with `{{TYPE_N}}` placeholders,
 * Warden fills them with the DLP generator's seeded values and computes exact spans, and the
 * DLP validator and detection engine refuse answers that leak raw values or break the schema.
 *
 * @example
 * import { runAgent, DEFAULT_PLAN } from './apps/synth/agent/index.js';
 * const result = await runAgent({ records: 50, seed: 42, plan: DEFAULT_PLAN, provider, invocation, command: [] });
 */
export { AGENT_CHANNELS, AGENT_OBFUSCATIONS, AGENT_SCENARIOS, DEFAULT_PLAN, MAX_TURNS, TARGETS, loadPlan, normalisePlan, parseWeights, planTasks, type AgentPlan, type AgentTask } from './plan.js';
export { ANSWER_SCHEMA, PROMPTS_DIR, checkAnswer, loadPromptSet, requestFor, type AgentAnswer, type PromptSet } from './prompts.js';
export { AGENT_GENERATOR, fillAnswer, placeholderValues, type AgentRecord, type Rejection } from './fill.js';
export { obfuscate } from './obfuscate.js';
export { AgentDashboard, type AgentProgress, type DashboardOptions } from './dashboard.js';
export { AgentRunDir, FILES as AGENT_FILES, type AgentConfig, type AgentInvocation, type Checkpoint, type RunFile } from './state.js';
export { runAgent, type AgentManifest, type AgentRunOptions, type AgentRunResult } from './engine.js';
export { formatAgentSummary } from './summary.js';

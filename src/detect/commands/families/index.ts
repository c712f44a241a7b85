import type { Cmd, CommandRule, Env, Stage } from '../model.js';
import { ACCOUNT_PATTERNS, ACCOUNT_RULES, accountCommand, accountPipeline } from './accounts.js';
import { CONTAINER_PATTERNS, CONTAINER_RULES, containerCommand } from './container.js';
import { CREDENTIAL_ACCESS_RULES, CREDENTIAL_PATTERNS, credentialCommand, credentialPipeline } from './credential-access.js';
import { CREDENTIAL_FILE_PATTERNS, CREDENTIAL_FILE_RULES, credentialFilePipeline } from './credential-files.js';
import { DEFENSE_EVASION_PATTERNS, DEFENSE_EVASION_RULES, evasionCommand, evasionPipeline } from './defense-evasion.js';
import { DESTRUCTIVE_PATTERNS, DESTRUCTIVE_RULES, destructiveCommand, destructivePipeline } from './destructive.js';
import { DOWNLOAD_EXEC_PATTERNS, DOWNLOAD_EXEC_RULES, downloadExecCommand, downloadExecPipeline } from './download-exec.js';
import { LOLBIN_PATTERNS, LOLBIN_RULES, lolbinCommand } from './lolbin.js';
import { PERSISTENCE_PATTERNS, PERSISTENCE_RULES, persistenceCommand, persistencePipeline } from './persistence.js';
import { PRIVILEGE_ESCALATION_PATTERNS, PRIVILEGE_ESCALATION_RULES, privilegeEscalationCommand, privilegeEscalationPipeline } from './privilege-escalation.js';
import { REVERSE_SHELL_PATTERNS, REVERSE_SHELL_RULES, reverseShellCommand, reverseShellPipeline } from './reverse-shell.js';

/** One family: its rules (data) and the checks that report them. */
export interface FamilyChecks {
  rules: readonly CommandRule[];
  command?(c: Cmd, env: Env): void;
  pipeline?(stages: Stage[], env: Env): void;
}

export const FAMILIES: readonly FamilyChecks[] = [
  { rules: DOWNLOAD_EXEC_RULES, command: downloadExecCommand, pipeline: downloadExecPipeline },
  { rules: REVERSE_SHELL_RULES, command: reverseShellCommand, pipeline: reverseShellPipeline },
  { rules: DESTRUCTIVE_RULES, command: destructiveCommand, pipeline: destructivePipeline },
  { rules: PERSISTENCE_RULES, command: persistenceCommand, pipeline: persistencePipeline },
  { rules: PRIVILEGE_ESCALATION_RULES, command: privilegeEscalationCommand, pipeline: privilegeEscalationPipeline },
  { rules: ACCOUNT_RULES, command: accountCommand, pipeline: accountPipeline },
  { rules: CREDENTIAL_ACCESS_RULES, command: credentialCommand, pipeline: credentialPipeline },
  { rules: CREDENTIAL_FILE_RULES, pipeline: credentialFilePipeline },
  { rules: DEFENSE_EVASION_RULES, command: evasionCommand, pipeline: evasionPipeline },
  { rules: LOLBIN_RULES, command: lolbinCommand },
  { rules: CONTAINER_RULES, command: containerCommand },
];

/** Every rule of the commands detector, in family order. */
export const COMMAND_RULES: readonly CommandRule[] = FAMILIES.flatMap((f) => f.rules);

export const RULES: ReadonlyMap<string, CommandRule> = new Map(COMMAND_RULES.map((r) => [r.id, r]));

/** Every regex the families ship (checked for ReDoS by the tests). */
export const FAMILY_PATTERNS: readonly RegExp[] = [
  ...DOWNLOAD_EXEC_PATTERNS,
  ...REVERSE_SHELL_PATTERNS,
  ...DESTRUCTIVE_PATTERNS,
  ...PERSISTENCE_PATTERNS,
  ...PRIVILEGE_ESCALATION_PATTERNS,
  ...ACCOUNT_PATTERNS,
  ...CREDENTIAL_PATTERNS,
  ...CREDENTIAL_FILE_PATTERNS,
  ...DEFENSE_EVASION_PATTERNS,
  ...LOLBIN_PATTERNS,
  ...CONTAINER_PATTERNS,
];

const MAX_VARS = 512;
const MAX_VALUE = 2048;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const VAR_REF = /\$\{([A-Za-z_][A-Za-z0-9_]{0,63})\}|\$([A-Za-z_][A-Za-z0-9_]{0,63})|%([A-Za-z_][A-Za-z0-9_]{0,63})%/g;

/** Shell/cmd/PowerShell variables assigned in one text (bounded in number and size). */
export class Variables {
  private readonly vars = new Map<string, string>();

  set(name: string, value: string): void {
    if (this.vars.size < MAX_VARS || this.vars.has(name)) this.vars.set(name, value.slice(0, MAX_VALUE));
  }

  /** Records NAME=value (an assignment word, or an export/set argument). */
  assign(text: string): void {
    const eq = text.indexOf('=');
    if (eq <= 0) return;
    const name = text.endsWith('+', eq) ? text.slice(0, eq - 1) : text.slice(0, eq);
    if (NAME.test(name)) this.set(name, this.expand(text.slice(eq + 1)));
  }

  expand(value: string): string {
    return expandVars(value, this.vars);
  }
}

/**
 * Expands $NAME, ${NAME} and %NAME% with known values (unknown ones stay as written).
 *
 * @example
 * expandVars('curl $u', new Map([['u', 'http://x']])); // 'curl http://x'
 */
export function expandVars(value: string, vars: ReadonlyMap<string, string>): string {
  if (vars.size === 0 || (!value.includes('$') && !value.includes('%'))) return value;
  return value.replace(VAR_REF, (m, a?: string, b?: string, c?: string) => vars.get((a ?? b ?? c)!) ?? m);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const VARS_PATTERNS: readonly RegExp[] = [NAME, VAR_REF];

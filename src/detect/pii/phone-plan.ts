import { getCountries, getCountryCallingCode, Metadata, type CountryCode } from 'libphonenumber-js/max';

/**
 * What the phone recognizer knows about a region, taken from libphonenumber-js's metadata once
 * per detector: trunk prefix, national number lengths, the number-type patterns that
 * isValid() checks, and the formats that formatNational() picks from. Testing the patterns
 * costs about 0.1 µs where a full parse and validation costs 10–40 µs, so digit runs that
 * cannot be valid are turned away before libphonenumber is asked, and a text's candidates
 * beyond the parse budget are judged from the metadata alone. The patterns are the metadata's,
 * applied to at most 17 digits, so their shape cannot blow up.
 */
export interface Plan {
  region: CountryCode;
  /** Trunk prefix written before national numbers ('0'); undefined where there is none. */
  trunk: string | undefined;
  /** North American Numbering Plan: a leading '1' is optional. */
  nanp: boolean;
  /** National numbers are the digits after a fixed trunk prefix (no carrier codes or transforms). */
  simple: boolean;
  lengths: readonly number[];
  /** Mobiles customarily written without the trunk '0' (TR 532 123 45 67, IN 98765 43210). */
  bareMobile: boolean;
  general: RegExp | undefined;
  types: readonly NumberType[];
  /** The region's formats, compiled on first use. */
  formats: () => readonly CompiledFormat[];
}

interface NumberType {
  mobile: boolean;
  pattern: RegExp;
  lengths: readonly number[];
}

interface CompiledFormat {
  lead: RegExp | undefined;
  pattern: RegExp;
  /** Capture groups printed side by side, per printed group ('$1 $2$3' → [[1], [2, 3]]). */
  printed: number[][];
  printedIntl: number[][];
}

interface FormatLike {
  pattern(): string;
  format(): string;
  internationalFormat(): string;
  leadingDigitsPatterns(): string[];
}

interface NumberingPlanLike {
  nationalPrefix(): unknown;
  nationalPrefixForParsing(): unknown;
  nationalPrefixTransformRule(): unknown;
  nationalNumberPattern(): string;
  possibleLengths(): number[];
  callingCode(): string;
  type(name: string): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
  formats(): FormatLike[];
}

const BARE_MOBILE = new Set<string>(['TR', 'IN']);
const TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;
const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

/** Which capture groups a format string prints side by side: '($1) $2-$3' → [[1], [2], [3]]. */
function printedGroups(format: string): number[][] {
  const out: number[][] = [];
  let joined = false;
  for (let i = 0; i < format.length; i++) {
    const next = format.charCodeAt(i + 1);
    if (format[i] === '$' && next >= 48 && next <= 57) {
      const n = next - 48;
      if (joined && out.length) out[out.length - 1]!.push(n);
      else out.push([n]);
      joined = true;
      i++;
    } else joined = false;
  }
  return out;
}

function compileFormats(plan: NumberingPlanLike): CompiledFormat[] {
  return plan.formats().map((f) => {
    const leads = f.leadingDigitsPatterns();
    return {
      lead: leads.length ? new RegExp(`^(?:${leads[leads.length - 1]})`) : undefined,
      pattern: whole(f.pattern()),
      printed: printedGroups(f.format()),
      printedIntl: printedGroups(f.internationalFormat()),
    };
  });
}

function planOf(metadata: Metadata, region: CountryCode): Plan {
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan as unknown as NumberingPlanLike;
  const prefix = plan.nationalPrefix();
  const trunk = typeof prefix === 'string' && prefix ? prefix : undefined;
  const forParsing = plan.nationalPrefixForParsing();
  const lengths = plan.possibleLengths();
  const types: NumberType[] = [];
  for (const name of TYPES) {
    const type = plan.type(name);
    const pattern = type?.pattern();
    if (pattern) types.push({ mobile: name === 'MOBILE', pattern: whole(pattern), lengths: type!.possibleLengths() ?? lengths });
  }
  // No separate mobile pattern: mobiles share the fixed-line one (FIXED_LINE_OR_MOBILE).
  if (!types.some((t) => t.mobile)) for (const t of types) if (t === types[0]) t.mobile = true;
  let formats: CompiledFormat[] | undefined;
  return {
    region,
    trunk,
    nanp: plan.callingCode() === '1',
    // Regions whose national prefix is more than a fixed string (AR, BR, ...) are left to libphonenumber.
    simple: !plan.nationalPrefixTransformRule() && (!forParsing || forParsing === trunk || String(forParsing).startsWith(`${trunk}|`)),
    lengths,
    bareMobile: BARE_MOBILE.has(region),
    general: plan.nationalNumberPattern() ? whole(plan.nationalNumberPattern()) : undefined,
    types,
    formats: () => (formats ??= compileFormats(plan)),
  };
}

/** Plans for `regions`, in order. */
export function plansFor(regions: readonly CountryCode[]): Plan[] {
  const metadata = new Metadata();
  return regions.map((region) => planOf(metadata, region));
}

/** isValid() from the metadata: the general pattern and some number type (with its lengths) match. */
export function validNsn(plan: Plan, nsn: string, mobileOnly = false): boolean {
  if (!plan.lengths.includes(nsn.length) || (plan.general && !plan.general.test(nsn))) return false;
  return plan.types.some((t) => (!mobileOnly || t.mobile) && t.lengths.includes(nsn.length) && t.pattern.test(nsn));
}

/**
 * The national significant number `digits` stand for when written nationally in `plan`'s
 * region, and whether only a mobile may be meant (bare mobiles); undefined when the digits
 * cannot be a valid number there (wrong trunk or length, or no number type matches).
 */
export function nationalNumber(digits: string, plan: Plan): { nsn: string; mobileOnly: boolean } | undefined {
  let nsn = digits;
  let mobileOnly = false;
  if (plan.nanp) nsn = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  else if (plan.trunk && digits.startsWith(plan.trunk)) nsn = digits.slice(plan.trunk.length);
  else if (plan.trunk) {
    if (!plan.bareMobile) return undefined;
    mobileOnly = true;
  }
  if (!plan.lengths.includes(nsn.length)) return undefined;
  if (plan.simple && !validNsn(plan, nsn, mobileOnly)) return undefined;
  return { nsn, mobileOnly };
}

/**
 * Boundaries between digit groups inside the last `limit` digits, counted from the end
 * ('415-555-2671', 10 → '4,7'), so trunk and country-code prefixes do not shift them.
 */
export function cutsWithin(groups: readonly number[], limit: number): string {
  const out: number[] = [];
  let pos = 0;
  for (let i = groups.length - 1; i > 0; i--) {
    pos += groups[i]!;
    if (pos >= limit) break;
    out.push(pos);
  }
  return out.join(',');
}

/** The group boundaries libphonenumber would print for `nsn` (as cutsWithin); '' when no format applies. */
export function formatCuts(plan: Plan, nsn: string, international: boolean): string {
  for (const f of plan.formats()) {
    if (f.lead && !f.lead.test(nsn)) continue;
    const m = f.pattern.exec(nsn);
    if (!m) continue;
    const groups = (international ? f.printedIntl : f.printed).map((ns) => ns.reduce((sum, n) => sum + (m[n]?.length ?? 0), 0));
    return cutsWithin(groups, nsn.length);
  }
  return '';
}

const allPlans = new Map<string, Plan>();
let byCallingCode: Map<string, CountryCode[]> | undefined;

/**
 * The region of an international number (the digits after '+') by metadata alone: calling
 * code, then a valid national number, with a national prefix written after the code
 * ('+49 030 …') dropped as libphonenumber does.
 */
export function internationalRegion(digits: string): { plan: Plan; nsn: string } | undefined {
  if (!byCallingCode) {
    // Regions per calling code, the code's main region first (US for +1), as libphonenumber orders them.
    const metadata = new Metadata() as unknown as { getCountryCodesForCallingCode(code: string): CountryCode[] | undefined };
    byCallingCode = new Map();
    for (const region of getCountries()) {
      const code = getCountryCallingCode(region);
      if (!byCallingCode.has(code)) byCallingCode.set(code, metadata.getCountryCodesForCallingCode(code) ?? [region]);
    }
  }
  for (let len = 1; len <= 3; len++) {
    const regions = byCallingCode.get(digits.slice(0, len));
    if (!regions) continue;
    const rest = digits.slice(len);
    for (const region of regions) {
      let plan = allPlans.get(region);
      if (!plan) allPlans.set(region, (plan = planOf(new Metadata(), region)));
      if (validNsn(plan, rest)) return { plan, nsn: rest };
      if (plan.trunk && rest.startsWith(plan.trunk) && validNsn(plan, rest.slice(plan.trunk.length))) return { plan, nsn: rest.slice(plan.trunk.length) };
    }
  }
  return undefined;
}

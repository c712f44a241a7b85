import type { WorkSpan } from './edits.js';
import { dlpData } from './data.js';
import { fnv1a, type Rng } from './prng.js';
import { emailAddress } from './recipients.js';
import { parseTemplate } from './scenarios.js';
import { SPAN_TYPES, type Planted, type RecipientClass, type Scenario, type SpanType } from './types.js';
import { canonicalValue, generateSecret, valueOf } from './values/index.js';
import type { Secret } from './values/secrets.js';

const SPAN_SET: ReadonlySet<string> = new Set(SPAN_TYPES);
const EMAIL_CLASSES: readonly (readonly [RecipientClass, number])[] = [['internal', 40], ['webmail', 35], ['partner', 15], ['competitor', 10]];

/**
 * Builds a body left to right: literal text, and planted values whose spans and digests it
 * records as it writes them, so a span is exact by construction.
 */
export class BodyBuilder {
  text = '';
  readonly spans: WorkSpan[] = [];
  readonly planted: Planted[] = [];
  private pendingSecret: Secret | undefined;

  constructor(
    private readonly rng: Rng,
    private readonly scenario: Scenario,
  ) {}

  lit(text: string): this {
    this.text += text;
    return this;
  }

  /** Writes a planted value and records its span and digest. */
  value(type: SpanType, value: string): this {
    const start = this.text.length;
    this.text += value;
    this.spans.push({ type, start, end: this.text.length });
    this.planted.push({ type, digest: fnv1a(canonicalValue(type, value)) });
    return this;
  }

  /** Writes a template, filling each slot. */
  sentence(template: string): this {
    for (const piece of parseTemplate(template)) {
      if (typeof piece === 'string') this.text += piece;
      else this.slot(piece.slot);
    }
    return this;
  }

  private slot(name: string): void {
    const rng = this.rng;
    switch (name) {
      case 'ENV':
        this.pendingSecret = generateSecret(rng);
        this.lit(this.pendingSecret.env);
        return;
      case 'SECRET': {
        const secret = this.pendingSecret ?? generateSecret(rng);
        this.pendingSecret = undefined;
        this.value('SECRET', secret.text);
        return;
      }
      case 'EXP':
        this.lit(`${String(rng.range(1, 12)).padStart(2, '0')}/${rng.range(26, 31)}`);
        return;
      case 'NUM':
        this.lit(String(rng.range(1000, 9999)));
        return;
      case 'PARTNER': {
        const partners = dlpData().orgs.partners;
        const fitting = partners.filter((p) => p.for === this.scenario);
        this.lit(rng.pick(fitting.length > 0 ? fitting : partners).name);
        return;
      }
      case 'COMPANY':
        this.lit(dlpData().orgs.internal.company);
        return;
      case 'EMAIL':
        this.value('EMAIL', emailAddress(rng, rng.weighted(EMAIL_CLASSES), this.scenario).address);
        return;
      default:
        if (!SPAN_SET.has(name)) throw new Error(`internal: unknown template slot {${name}}`);
        this.value(name as SpanType, valueOf(name as SpanType, rng));
    }
  }
}

import { describe, expect, it } from 'vitest';
import { confusionOf } from './report.js';
import { rowVerdicts } from './verdicts.js';

describe('rowVerdicts', () => {
  it('follows the documented example', () => {
    expect(rowVerdicts({ blocklist_escalate: true, classifier_escalate: false, classifier_max: 0.4 }, ['blocklist', 'classifier'], 0.3).removed).toBe(true);
  });

  it('takes logged decisions as they are without a threshold', () => {
    const row = { blocklist_escalate: true, classifier_escalate: false, classifier_max: 0.4, removed: false, decided_by: 'classifier' };
    expect(rowVerdicts(row, ['blocklist', 'classifier'])).toEqual({ verdicts: [true, false], unjudged: [false, false], removed: false, decidedBy: 'classifier' });
    expect(rowVerdicts({ blocklist_escalate: false, classifier_max: null, removed: false, decided_by: 'blocklist' }, ['blocklist', 'classifier']).verdicts).toEqual([false, undefined]);
  });

  it('with a threshold, counts a later stage that never judged the record as escalating, and says so', () => {
    const row = { blocklist_escalate: true, classifier_escalate: false, classifier_max: 0.2, llm_escalate: null };
    const lower = rowVerdicts(row, ['blocklist', 'classifier', 'llm'], 0.1);
    expect(lower).toEqual({ verdicts: [true, true, true], unjudged: [false, false, true], removed: true, decidedBy: 'llm' });
    const higher = rowVerdicts({ ...row, classifier_escalate: true, classifier_max: 0.7, llm_escalate: false }, ['blocklist', 'classifier', 'llm'], 0.9);
    expect(higher).toEqual({ verdicts: [true, false, undefined], unjudged: [false, false, false], removed: false, decidedBy: 'classifier' });
    // A record the blocklist stopped never reaches the classifier, whatever the threshold.
    expect(rowVerdicts({ blocklist_escalate: false, classifier_max: null }, ['blocklist', 'classifier'], 0).removed).toBe(false);
  });
});

describe('confusionOf', () => {
  it('derives precision, recall and F1, null where undefined', () => {
    expect(confusionOf({ tp: 3, fp: 1, fn: 1, tn: 5 })).toEqual({ tp: 3, fp: 1, fn: 1, tn: 5, precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(confusionOf({ tp: 0, fp: 0, fn: 0, tn: 4 })).toMatchObject({ precision: null, recall: null, f1: null });
  });
});

import { describe, expect, it } from 'vitest';
import { applyRules, checkRules, isNonEnglish, RULES, type RelevanceRule, type RuleInput } from './index.js';

describe('relevance rules', () => {
  it('ship sound: unique ids, each fires on its true positives and not on its false positives', () => {
    expect(checkRules(RULES)).toEqual([]);
    expect(RULES.map((r) => r.id)).toEqual(['empty', 'rejected-cve', 'placeholder', 'disputed-cve', 'too-short', 'non-english', 'arxiv-off-topic', 'arxiv-cs-cr', 'security-catalog']);
    for (const rule of RULES) {
      expect(rule.fires.length, rule.id).toBeGreaterThan(0);
      expect(rule.passes.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('checkRules reports a rule that misfires and a duplicate id', () => {
    const broken: RelevanceRule = { ...RULES[1]!, test: () => true };
    expect(checkRules([RULES[1]!, broken])).toEqual(['duplicate rule id "rejected-cve"', 'rule "rejected-cve" fires on its false positive #1', 'rule "rejected-cve" fires on its false positive #2']);
    const deaf: RelevanceRule = { ...RULES[0]!, test: () => false };
    expect(checkRules([deaf])).toEqual(['rule "empty" misses its true positive #1', 'rule "empty" misses its true positive #2']);
  });

  it('decides in order: the first rule that fires wins, undecided records fall through to the classifier', () => {
    const record = (source: RuleInput['source'], description: string, categories?: string[]): RuleInput => ({ source, kind: source === 'arxiv' ? 'paper' : 'vulnerability', title: 'T', description, facts: categories ? { categories } : {} });
    // An empty ATT&CK entry is rejected even though catalogue entries are otherwise kept.
    expect(applyRules(record('attack', ''))?.id).toBe('empty');
    expect(applyRules(record('attack', 'Adversaries may abuse PowerShell commands for execution.'))?.id).toBe('security-catalog');
    expect(applyRules(record('nvd', '** REJECT ** DO NOT USE THIS CANDIDATE NUMBER.'))?.id).toBe('rejected-cve');
    expect(applyRules(record('nvd', 'Buffer overflow in the FTP daemon allows remote attackers to execute code.'))).toBeUndefined();
    expect(applyRules(record('arxiv', 'We speed up matrix multiplication on GPUs by tiling.', ['cs.DC']))?.id).toBe('arxiv-off-topic');
    expect(applyRules(record('arxiv', 'We speed up matrix multiplication on GPUs by tiling.', ['cs.CR']))?.id).toBe('arxiv-cs-cr');
    // Outside cs.CR but about security: the classifier decides.
    expect(applyRules(record('arxiv', 'We study malware detection with graph models.', ['cs.LG']))).toBeUndefined();
    expect(applyRules(record('ghsa', 'Ein Fehler in der Bibliothek erlaubt es Angreifern, die Anmeldung zu umgehen und Daten zu lesen.'))?.id).toBe('non-english');
  });
});

describe('isNonEnglish', () => {
  it('flags other languages and scripts, not English with foreign names or ids', () => {
    expect(isNonEnglish('Une faille dans le module de connexion permet à un attaquant distant de lire les fichiers des utilisateurs.')).toBe(true);
    expect(isNonEnglish('Уязвимость в модуле входа позволяет удалённому злоумышленнику читать файлы.')).toBe(true);
    expect(isNonEnglish('The "de la Cruz" theme for Tienda el Sol 1.2 allows remote attackers to read files via the "ver" parameter.')).toBe(false);
    expect(isNonEnglish('CVE-2003-0001 CWE-79 T0800 CAPEC-66')).toBe(false);
    expect(isNonEnglish('')).toBe(false);
  });
});

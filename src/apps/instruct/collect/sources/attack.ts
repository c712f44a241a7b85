import type { RecordKind, SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, skip, uniq, type ParseResult } from '../types.js';
import { arr, isObject, isoDate, parseJsonFile, str } from './json.js';

type StixObject = Record<string, unknown> & { id: string; type: string };

/** Longest detection text kept per technique (new-style bundles join analytics). */
export const MAX_DETECTION = 4000;
const ATTACK_SOURCES = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);
const KINDS: Record<string, RecordKind> = { 'attack-pattern': 'technique', 'intrusion-set': 'group', malware: 'software', tool: 'software', 'course-of-action': 'mitigation' };

/**
 * Reads a MITRE ATT&CK STIX 2.x bundle (enterprise, mobile or ICS) into technique records
 * (tactics from kill_chain_phases, platforms, detection, mitigations from `mitigates`
 * relationships, groups and software from `uses` relationships, parent of a sub-technique)
 * plus group, software and mitigation records listing the techniques they use or mitigate.
 * Revoked and deprecated objects, and relationships touching them, are skipped.
 *
 * @example
 * const { items } = parseAttack(await readFile('ics-attack.json', 'utf8'), 'ics-attack.json');
 * items.find((i) => i.record.sourceId === 'T0803')?.record.facts.tactics; // ['inhibit-response-function']
 */
export function parseAttack(text: string, file: string): ParseResult {
  const result = emptyResult('attack');
  const doc = parseJsonFile(text, file);
  if (!isObject(doc) || doc.type !== 'bundle' || !Array.isArray(doc.objects)) {
    result.failures.push({ where: file, message: 'not a STIX bundle: expected {"type": "bundle", "objects": [...]}' });
    return result;
  }
  const active = new Map<string, StixObject>();
  doc.objects.forEach(function indexObject(o: unknown, index: number) {
    if (!isObject(o) || typeof o.id !== 'string' || typeof o.type !== 'string') {
      result.failures.push({ where: `${file}: objects[${index}]`, message: 'STIX object without "id" and "type"' });
      return;
    }
    const obj = o as StixObject;
    if (!(obj.type in KINDS) && obj.type !== 'relationship' && obj.type !== 'x-mitre-detection-strategy' && obj.type !== 'x-mitre-analytic') return;
    if (obj.revoked === true) return obj.type === 'relationship' ? undefined : skip(result, 'revoked');
    if (obj.x_mitre_deprecated === true) return obj.type === 'relationship' ? undefined : skip(result, 'deprecated');
    active.set(obj.id, obj);
    return undefined;
  });
  const links = collectLinks(active);
  for (const obj of active.values()) {
    const kind = KINDS[obj.type];
    if (!kind) continue;
    const attackId = externalId(obj);
    const where = `${file}: ${obj.id}`;
    const name = str(obj.name);
    if (!attackId || !name) {
      result.failures.push({ where, message: `${obj.type} without a name or an ATT&CK external_id` });
      continue;
    }
    const facts: SourceFacts = {};
    const platforms = uniq(arr(obj.x_mitre_platforms).map(str)).filter((p) => p !== 'None');
    if (platforms.length) facts.platforms = platforms;
    if (kind === 'technique') {
      facts.techniques = [attackId];
      const parent = links.parentOf.get(obj.id);
      const parentId = parent ? externalId(parent) : undefined;
      if (parentId) facts.parentTechnique = parentId;
      const tactics = uniq(arr(obj.kill_chain_phases).map((p) => (isObject(p) && String(p.kill_chain_name).startsWith('mitre') ? str(p.phase_name) : undefined)));
      if (tactics.length) facts.tactics = tactics;
      const detection = str(obj.x_mitre_detection) ?? detectionFromStrategies(links.detectedBy.get(obj.id) ?? [], active);
      if (detection) facts.detection = clean(detection).slice(0, MAX_DETECTION);
      const mitigations = (links.mitigatedBy.get(obj.id) ?? []).map(function toMitigation(m) {
        const entry: { id?: string; name: string; description?: string } = { name: str(m.name) ?? '' };
        const mid = externalId(m);
        const description = str(m.description);
        if (mid) entry.id = mid;
        if (description) entry.description = clean(description);
        return entry;
      });
      if (mitigations.length) facts.mitigations = mitigations.filter((m) => m.name);
      const users = uniq((links.usedBy.get(obj.id) ?? []).map((u) => str(u.name)));
      if (users.length) facts.usedBy = users;
    } else {
      const related = kind === 'mitigation' ? links.mitigates.get(obj.id) : links.uses.get(obj.id);
      const techniques = uniq((related ?? []).map(externalId));
      if (techniques.length) facts.techniques = techniques;
    }
    const record: SourceRecord = {
      id: `attack:${attackId}`,
      source: 'attack',
      kind,
      sourceId: attackId,
      title: name,
      description: clean(str(obj.description) ?? ''),
      facts,
      references: uniq(arr(obj.external_references).map((r) => (isObject(r) ? str(r.url) : undefined))),
    };
    const published = isoDate(obj.created);
    const modified = isoDate(obj.modified);
    if (published) record.published = published;
    if (modified) record.modified = modified;
    result.items.push({ record, raw: obj });
  }
  result.items.sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  return result;
}

interface Links {
  parentOf: Map<string, StixObject>;
  mitigatedBy: Map<string, StixObject[]>;
  mitigates: Map<string, StixObject[]>;
  usedBy: Map<string, StixObject[]>;
  uses: Map<string, StixObject[]>;
  detectedBy: Map<string, StixObject[]>;
}

/** Indexes the relationships whose both ends are active. */
function collectLinks(active: Map<string, StixObject>): Links {
  const links: Links = { parentOf: new Map(), mitigatedBy: new Map(), mitigates: new Map(), usedBy: new Map(), uses: new Map(), detectedBy: new Map() };
  const add = (map: Map<string, StixObject[]>, key: string, value: StixObject) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const rel of active.values()) {
    if (rel.type !== 'relationship') continue;
    const source = active.get(String(rel.source_ref));
    const target = active.get(String(rel.target_ref));
    if (!source || !target) continue;
    const type = rel.relationship_type;
    if (type === 'subtechnique-of' && source.type === 'attack-pattern') links.parentOf.set(source.id, target);
    else if (type === 'mitigates' && source.type === 'course-of-action' && target.type === 'attack-pattern') {
      add(links.mitigatedBy, target.id, source);
      add(links.mitigates, source.id, target);
    } else if (type === 'uses' && (source.type === 'intrusion-set' || source.type === 'malware' || source.type === 'tool')) {
      if (target.type === 'attack-pattern') {
        add(links.usedBy, target.id, source);
        add(links.uses, source.id, target);
      }
    } else if (type === 'detects' && target.type === 'attack-pattern') add(links.detectedBy, target.id, source);
  }
  return links;
}

/** ATT&CK v18+ moved detection text into detection strategies and their analytics. */
function detectionFromStrategies(strategies: StixObject[], active: Map<string, StixObject>): string | undefined {
  const parts: string[] = [];
  for (const strategy of strategies) {
    const analytics = arr(strategy.x_mitre_analytic_refs).map((ref) => active.get(String(ref))).filter((a): a is StixObject => a !== undefined);
    const texts = uniq(analytics.map((a) => str(a.description)));
    parts.push([str(strategy.name), ...texts].filter(Boolean).join(': '));
  }
  return parts.length ? parts.join('\n') : undefined;
}

function externalId(obj: Record<string, unknown> | undefined): string | undefined {
  if (!obj) return undefined;
  const ref = arr(obj.external_references).find((r) => isObject(r) && ATTACK_SOURCES.has(String(r.source_name)));
  return isObject(ref) ? str(ref.external_id) : undefined;
}

/** Drops ATT&CK citation markers, `(Citation: Name)`, and trims. */
function clean(text: string): string {
  return text.replace(/\(Citation: [^()]{0,300}\)/g, '').replace(/[ \t]{2,}/g, ' ').trim();
}

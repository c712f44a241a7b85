import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WardenError } from '../../../core/errors.js';

/** data/dlp, from src/apps/synth/dlp (tsx) and dist/apps/synth/dlp (built) alike. */
export const DLP_DATA_DIR = fileURLToPath(new URL('../../../../data/dlp/', import.meta.url));

export interface NameLists {
  cultures: Record<string, { first: string[]; last: string[] }>;
}

export interface PlaceLists {
  countries: Record<string, { format: string; streets: string[]; cities: [string, string, string][] }>;
}

export interface Partner {
  name: string;
  domain: string;
  role: string;
  for: string;
}

export interface OrgLists {
  internal: { company: string; domains: string[]; chatChannels: string[]; repos: string[]; uploads: string[] };
  partners: Partner[];
  webmail: string[];
  competitors: { name: string; domain: string }[];
  suspicious: string[];
  suspiciousUploads: string[];
  personalUploads: string[];
  publicRepos: string[];
}

export interface DlpData {
  names: NameLists;
  places: PlaceLists;
  orgs: OrgLists;
}

let cached: DlpData | undefined;

function load<T>(name: string, check: (value: T) => boolean): T {
  const path = DLP_DATA_DIR + name;
  let value: T;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (cause) {
    throw new WardenError('W_IO_NOT_FOUND', `cannot read the bundled DLP list: ${(cause as Error).message}`, { where: path, cause });
  }
  if (!check(value)) throw new WardenError('W_CONFIG_INVALID', 'bundled DLP list has an unexpected shape', { where: path });
  return value;
}

/**
 * The bundled lists in data/dlp (names per culture, streets and cities with postcodes,
 * organisations and domains per recipient class), read once.
 *
 * @example
 * dlpData().names.cultures.de.first.length > 0; // true
 */
export function dlpData(): DlpData {
  cached ??= {
    names: load<NameLists>('names.json', (v) => typeof v?.cultures === 'object' && Object.values(v.cultures).every((c) => c.first.length > 0 && c.last.length > 0)),
    places: load<PlaceLists>('places.json', (v) => typeof v?.countries === 'object' && Object.values(v.countries).every((c) => c.streets.length > 0 && c.cities.length > 0)),
    orgs: load<OrgLists>('orgs.json', (v) => Array.isArray(v?.partners) && Array.isArray(v.webmail) && Array.isArray(v.suspicious)),
  };
  return cached;
}

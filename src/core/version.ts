import { readFileSync } from 'node:fs';

/** Warden's version from package.json, recorded in every run manifest. */
export const WARDEN_VERSION: string = (() => {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

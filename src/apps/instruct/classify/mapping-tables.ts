/**
 * Mapping tables from structured source facts to domains, with the confidence each mapping
 * gives on its own. Every entry is exercised by mappings.test.ts. Confidences: 0.9+ when the
 * fact defines the domain (an ICS-only tactic, a phishing technique, CWE-79), 0.6 to 0.8 when
 * it usually implies it, below 0.5 when it only hints (it then needs other evidence to pass
 * the default --min-confidence 0.5).
 */
import type { Domain } from './domains.js';

export type Mapping = readonly (readonly [Domain, number])[];

/** ATT&CK tactic shortnames (Enterprise and ICS). Tactics not listed (impact, collection...) say nothing about the domain. */
export const TACTIC_DOMAINS: Readonly<Record<string, Mapping>> = {
  'inhibit-response-function': [['ics_security', 0.95]],
  'impair-process-control': [['ics_security', 0.95]],
  'credential-access': [['identity_access_management', 0.8]],
  'privilege-escalation': [['identity_access_management', 0.6]],
  'lateral-movement': [['network_security', 0.7]],
  'command-and-control': [['network_security', 0.75]],
  exfiltration: [['network_security', 0.6]],
  discovery: [['network_security', 0.35]],
  'initial-access': [['network_security', 0.3]],
  persistence: [['malware', 0.35]],
  'defense-evasion': [['malware', 0.4]],
  evasion: [['malware', 0.35]],
};

/** ATT&CK platforms. ICS asset platforms define ics_security; cloud platforms cloud_security. */
export const PLATFORM_DOMAINS: Readonly<Record<string, Mapping>> = {
  'Field Controller/RTU/PLC/IED': [['ics_security', 0.95]],
  'Safety Instrumented System/Protection Relay': [['ics_security', 0.95]],
  'Engineering Workstation': [['ics_security', 0.9]],
  'Control Server': [['ics_security', 0.9]],
  'Input/Output Server': [['ics_security', 0.9]],
  'Human-Machine Interface': [['ics_security', 0.9]],
  'Data Historian': [['ics_security', 0.9]],
  IaaS: [['cloud_security', 0.9]],
  SaaS: [['cloud_security', 0.9]],
  'Office 365': [['cloud_security', 0.85]],
  'Office Suite': [['cloud_security', 0.5]],
  'Google Workspace': [['cloud_security', 0.85]],
  'Azure AD': [['cloud_security', 0.85], ['identity_access_management', 0.7]],
  'Identity Provider': [['identity_access_management', 0.8], ['cloud_security', 0.6]],
  Containers: [['cloud_security', 0.85]],
  'Network Devices': [['network_security', 0.8], ['iot_security', 0.4]],
  Network: [['network_security', 0.8]],
};

/**
 * ATT&CK techniques whose meaning fixes a domain (a sub-technique inherits its parent's
 * entry: T1566.001 -> T1566). The ICS technique range T08xx is handled by id in mappings.ts.
 */
export const TECHNIQUE_DOMAINS: Readonly<Record<string, Mapping>> = {
  T1566: [['phishing', 0.95]],
  T1598: [['phishing', 0.9]],
  T1534: [['phishing', 0.85]],
  T0865: [['phishing', 0.95]],
  T1110: [['identity_access_management', 0.85]],
  T1078: [['identity_access_management', 0.8]],
  T0859: [['identity_access_management', 0.8]],
  T0812: [['identity_access_management', 0.85]],
  T0891: [['identity_access_management', 0.85]],
  T0892: [['identity_access_management', 0.6]],
  T1556: [['identity_access_management', 0.85]],
  T1621: [['identity_access_management', 0.9]],
  T1550: [['identity_access_management', 0.8]],
  T1190: [['web_security', 0.6], ['vulnerability_management', 0.6]],
  T0819: [['web_security', 0.5], ['vulnerability_management', 0.6]],
  T1189: [['web_security', 0.75]],
  T0817: [['web_security', 0.7]],
  T1505: [['web_security', 0.6]],
  T1203: [['vulnerability_management', 0.7]],
  T0890: [['vulnerability_management', 0.65]],
  T0866: [['vulnerability_management', 0.6]],
  T1486: [['malware', 0.9]],
  T1014: [['malware', 0.85]],
  T0851: [['malware', 0.85]],
  T0863: [['malware', 0.5]],
  T0873: [['malware', 0.6]],
  T1573: [['cryptography', 0.6], ['network_security', 0.5]],
  T1557: [['network_security', 0.85]],
  T0830: [['network_security', 0.85]],
  T1040: [['network_security', 0.85]],
  T0842: [['network_security', 0.85]],
  T0887: [['network_security', 0.7], ['iot_security', 0.4]],
  T0860: [['network_security', 0.6], ['iot_security', 0.4]],
  T0884: [['network_security', 0.75]],
  T0885: [['network_security', 0.7]],
  T0869: [['network_security', 0.7]],
  T0840: [['network_security', 0.75]],
  T0883: [['iot_security', 0.6], ['network_security', 0.5]],
  T1195: [['vulnerability_management', 0.5]],
};

function entries(ids: readonly number[], domain: Domain, confidence: number): [string, Mapping][] {
  return ids.map((id) => [`CWE-${id}`, [[domain, confidence]]]);
}

/** CWE ids (as `CWE-79`) to domains. */
export const CWE_DOMAINS: Readonly<Record<string, Mapping>> = Object.fromEntries([
  ...entries([79, 80, 83, 87, 89, 94, 95, 97, 98, 113, 352, 22, 23, 35, 36, 434, 601, 611, 918, 1021, 942, 644, 1336], 'web_security', 0.85),
  ...entries([74, 77, 78, 88, 91, 643, 917], 'web_security', 0.55),
  ...entries([287, 288, 290, 294, 302, 306, 307, 798, 521, 522, 523, 256, 257, 259, 262, 263, 620, 640, 613, 384, 1390, 1391], 'identity_access_management', 0.85),
  ...entries([284, 285, 269, 250, 732, 276, 862, 863, 639, 266, 267, 268, 270, 271, 272, 273, 274], 'identity_access_management', 0.65),
  ...entries([261, 310, 311, 312, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 335, 336, 337, 338, 295, 296, 297, 298, 299, 347, 916, 759, 760, 780, 1240], 'cryptography', 0.85),
  ...entries([119, 120, 121, 122, 123, 124, 125, 126, 127, 129, 131, 134, 190, 191, 193, 415, 416, 476, 680, 787, 788, 805, 806, 824, 843], 'vulnerability_management', 0.75),
  ...entries([20, 1104, 1329, 1395], 'vulnerability_management', 0.5),
  ...entries([300, 350, 940, 941, 923, 406], 'network_security', 0.7),
  ...entries([400, 770], 'network_security', 0.4),
  ...entries([506, 507, 508, 509, 510, 511, 512, 912], 'malware', 0.75),
  ...entries([1191, 1233, 1244, 1247, 1256, 1262, 1263, 1271, 1277, 1310], 'iot_security', 0.7),
]);

/**
 * Words in a product's CPE vendor/product fields or name (split on `_`, `-`, spaces; lower
 * case). Hardware CPEs (`cpe:2.3:h:...`) also count as iot_security (see mappings.ts).
 */
export const PRODUCT_WORD_DOMAINS: Readonly<Record<string, Mapping>> = {
  router: [['iot_security', 0.8], ['network_security', 0.5]],
  camera: [['iot_security', 0.85]],
  webcam: [['iot_security', 0.85]],
  ipcam: [['iot_security', 0.85]],
  dvr: [['iot_security', 0.8]],
  nvr: [['iot_security', 0.8]],
  firmware: [['iot_security', 0.75]],
  modem: [['iot_security', 0.75]],
  thermostat: [['iot_security', 0.85]],
  printer: [['iot_security', 0.6]],
  iot: [['iot_security', 0.9]],
  plc: [['ics_security', 0.9]],
  scada: [['ics_security', 0.9]],
  modbus: [['ics_security', 0.9]],
  dnp3: [['ics_security', 0.9]],
  hmi: [['ics_security', 0.8]],
  simatic: [['ics_security', 0.9]],
  wincc: [['ics_security', 0.9]],
  rtu: [['ics_security', 0.85]],
  firewall: [['network_security', 0.8]],
  vpn: [['network_security', 0.8]],
  ios: [['network_security', 0.5]],
  snort: [['network_security', 0.8]],
  openssh: [['network_security', 0.5], ['cryptography', 0.5]],
  openssl: [['cryptography', 0.85]],
  gnupg: [['cryptography', 0.85]],
  mcrypt: [['cryptography', 0.85]],
  libgcrypt: [['cryptography', 0.85]],
  kerberos: [['identity_access_management', 0.8], ['cryptography', 0.4]],
  ldap: [['identity_access_management', 0.6]],
  http_server: [['web_security', 0.65]],
  iis: [['web_security', 0.65]],
  tomcat: [['web_security', 0.65]],
  wordpress: [['web_security', 0.75]],
  php: [['web_security', 0.6]],
  internet_explorer: [['web_security', 0.6]],
  firefox: [['web_security', 0.6]],
  chrome: [['web_security', 0.6]],
  kubernetes: [['cloud_security', 0.85]],
  docker: [['cloud_security', 0.7]],
  aws: [['cloud_security', 0.85]],
  azure: [['cloud_security', 0.85]],
};

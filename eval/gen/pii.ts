/**
 * Labelled evaluation set for the pii detector (generated, deterministic): LLM-response-like
 * texts with PII (positives, `expect` = rule ids that must fire) and hard negatives (order,
 * invoice and tracking numbers, UUIDs, timestamps, versions, ISBNs, Luhn-failing 16-digit
 * numbers, invalid phone-like numbers, dates without a birth cue, ...; `expect` = []).
 *
 * Run `npx tsx eval/gen/pii.ts` to rewrite eval/data/pii.jsonl.
 * Conventions: documented test card numbers are cards; 127.0.0.1 and other reserved addresses
 * are pii.ip-private; addresses at example.com are still emails (scored lower).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import {
  ibanCheckDigits, iso7064Mod1110CheckDigit, luhnCheckDigit, luhnValid, nhsCheckDigit, nirKey, tcKimlikCheckDigits, verhoeffCheckDigit,
} from '../../src/detect/pii/checksums.js';
import { type EvalExample, prng as mulberry32 } from './common.js';

type Rng = () => number;

let rng: Rng = mulberry32(1);
const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const group = (s: string, sizes: number[], sep: string): string => {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) out.push(s.slice(i, (i += n)));
  return out.join(sep);
};

const FIRST = ['Maria', 'James', 'Ayşe', 'Lukas', 'Chloé', 'Priya', 'Carlos', 'Emma', 'Mehmet', 'Sophie', 'Rahul', 'Lucía', 'Oliver', 'Fatma'];
const LAST = ['Lopez', 'Smith', 'Yılmaz', 'Müller', 'Dubois', 'Sharma', 'García', 'Brown', 'Demir', 'Martin', 'Patel', 'Fernández', 'Jones', 'Kaya'];
const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').toLowerCase();
const person = (): [string, string] => [pick(FIRST), pick(LAST)];

// ---------- frames: how an assistant wraps a snippet ----------
const FRAMES: ((body: string) => string)[] = [
  (b) => `Sure! Here is what you asked for:\n\n${b}\n\nLet me know if you need anything else.`,
  (b) => `## Summary\n\n${b}\n\n- Double-check the details before sending.\n- Keep a copy for your records.`,
  (b) => `I've updated the draft below.\n\n> ${b}\n\nFeel free to adjust the tone.`,
  (b) => `${b}`,
  (b) => `Here's a cleaned-up version of the note:\n\n---\n${b}\n---\n\nAnything else?`,
  (b) => `**Answer:** ${b}\n\nI hope this helps!`,
];
const frame = (body: string): string => pick(FRAMES)(body);

// ---------- value makers ----------
function email(): string {
  const [f, l] = person();
  const domain = pick(['gmail.com', 'outlook.com', 'yahoo.fr', 'web.de', 'acme-corp.com', 'firma.com.tr', 'uni-heidelberg.de', 'startup.io', 'nhs.net', 'company.co.uk']);
  return `${ascii(f)}${pick(['.', '_', ''])}${ascii(l)}${pick(['', '', String(int(1, 99))])}@${domain}`;
}

const PHONE_SEEDS: Record<string, (() => string)[]> = {
  US: [() => `${pick(['212', '415', '312', '646', '617', '206', '303', '512', '404', '713'])}${int(2, 9)}${digits(6)}`],
  GB: [() => `07${pick(['4', '5', '7', '8', '9'])}${digits(8)}`, () => `020${pick(['7', '8'])}${digits(7)}`, () => `0161${digits(7)}`],
  DE: [() => `015${pick(['1', '2', '7', '9'])}${digits(8)}`, () => `017${int(0, 9)}${digits(7)}`, () => `030${int(1, 9)}${digits(6)}`, () => `089${int(1, 9)}${digits(6)}`],
  FR: [() => `0${pick(['6', '7'])}${digits(8)}`, () => `01${int(4, 5)}${digits(7)}`],
  TR: [() => `05${pick(['3', '4', '5'])}${digits(8)}`, () => `0212${int(2, 9)}${digits(6)}`],
  IN: [() => `${pick(['98', '97', '99', '90', '88', '70'])}${digits(8)}`],
  ES: [() => `6${digits(8)}`, () => `91${int(1, 9)}${digits(6)}`],
};
function phoneNumber(region: CountryCode) {
  for (;;) {
    const p = parsePhoneNumberFromString(pick(PHONE_SEEDS[region]!)(), region);
    if (p?.isValid()) return p;
  }
}

const BRANDS: [string, () => string, number][] = [
  ['Visa', () => `4${digits(5)}`, 16], ['Mastercard', () => `5${int(1, 5)}${digits(4)}`, 16], ['Mastercard', () => `${int(2221, 2720)}${digits(2)}`, 16],
  ['Amex', () => `3${pick(['4', '7'])}${digits(4)}`, 15], ['Discover', () => `6011${digits(2)}`, 16], ['JCB', () => `35${int(28, 89)}${digits(2)}`, 16],
  ['Diners Club', () => `36${digits(4)}`, 14], ['UnionPay', () => `62${digits(4)}`, 16], ['Maestro', () => `6759${digits(2)}`, 16],
];
function card(): [string, string] {
  const [brand, prefix, len] = pick(BRANDS);
  const body = prefix() + digits(len - 7);
  const num = body + luhnCheckDigit(body);
  const sep = pick([' ', '-', '', ' ']);
  const sizes = len === 15 ? [4, 6, 5] : len === 14 ? [4, 6, 4] : [4, 4, 4, 4];
  return [brand, sep ? group(num, sizes, sep) : num];
}

function ssn(): string {
  let area = int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`;
}

const IBAN_BBAN: Record<string, () => string> = {
  DE: () => digits(18), GB: () => pick(['NWBK', 'BARC', 'LOYD', 'HBUK']) + digits(14), FR: () => digits(10) + hex(11).toUpperCase() + digits(2),
  ES: () => digits(20), TR: () => digits(22), NL: () => pick(['ABNA', 'INGB', 'RABO']) + digits(10), IT: () => 'X' + digits(22),
  CH: () => digits(17), BE: () => digits(12), AT: () => digits(16), PL: () => digits(24), SA: () => digits(20), AE: () => digits(19), NO: () => digits(11),
};
function iban(): [string, string] {
  const country = pick(Object.keys(IBAN_BBAN));
  const bban = IBAN_BBAN[country]!();
  const compact = country + ibanCheckDigits(country, bban) + bban;
  return [country, rng() < 0.7 ? compact.replace(/(.{4})/g, '$1 ').trim() : compact];
}

function publicIp(): string {
  for (;;) {
    const o = [int(1, 223), int(0, 255), int(0, 255), int(1, 254)];
    const [a, b] = o as [number, number];
    if (a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 192 || a === 198 || a === 203) continue;
    return o.join('.');
  }
}
const privateIp = (): string => pick([`10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `192.168.${int(0, 255)}.${int(1, 254)}`, `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`, '127.0.0.1', `100.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`, `203.0.113.${int(1, 254)}`, `169.254.${int(1, 254)}.${int(1, 254)}`]);
const publicIp6 = (): string => `${pick(['2a00:1450', '2606:4700', '2001:4860', '2a03:2880', '2604:a880'])}:${hex(4)}:${hex(3)}::${hex(int(2, 4))}`;
const privateIp6 = (): string => pick([`fd${hex(2)}:${hex(4)}:${hex(4)}::${int(1, 99)}`, `fe80::${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`, `2001:db8::${int(1, 99)}`, '::1']);

function tckn(): string {
  const body = String(int(1, 9)) + digits(8);
  return body + tcKimlikCheckDigits(body);
}
function steuerId(): string {
  for (;;) {
    const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort(() => rng() - 0.5).slice(0, 9);
    const body = [...pool, pick(pool)].sort(() => rng() - 0.5);
    if (body[0] === 0) continue;
    const s = body.join('');
    return s + iso7064Mod1110CheckDigit(s);
  }
}
function nhs(): string {
  for (;;) {
    const body = String(int(4, 9)) + digits(8);
    const check = nhsCheckDigit(body);
    if (check !== undefined) return body + check;
  }
}
function nir(): string {
  const dept = pick(['75', '69', '13', '2A', '2B', '33', '59', String(int(10, 95))]);
  const body = `${int(1, 2)}${String(int(40, 99))}${String(int(1, 12)).padStart(2, '0')}${dept}${String(int(1, 999)).padStart(3, '0')}${String(int(1, 999)).padStart(3, '0')}`;
  const full = body + nirKey(body);
  return rng() < 0.6 ? group(full, [1, 2, 2, 2, 3, 3, 2], ' ') : full;
}
function aadhaar(): string {
  const body = String(int(2, 9)) + digits(10);
  const n = body + verhoeffCheckDigit(body);
  return pick([group(n, [4, 4, 4], ' '), n, group(n, [4, 4, 4], '-')]);
}
function nino(): string {
  const first = pick([...'ABCEGHJKLMNPRSTWXYZ']);
  let second = pick([...'ABCEGHJKLMNPRSTWXYZ']);
  if (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(first + second)) second = 'A';
  const d = digits(6);
  const suffix = pick(['A', 'B', 'C', 'D']);
  return rng() < 0.5 ? `${first}${second} ${group(d, [2, 2, 2], ' ')} ${suffix}` : `${first}${second}${d}${suffix}`;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_DE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const pad = (n: number): string => String(n).padStart(2, '0');
function birthDate(): string {
  const y = int(1940, 2005);
  const m = int(1, 12);
  const d = int(1, 28);
  return pick([`${y}-${pad(m)}-${pad(d)}`, `${pad(d)}.${pad(m)}.${y}`, `${pad(m)}/${pad(d)}/${y}`, `${d} ${MONTHS_EN[m - 1]} ${y}`, `${MONTHS_EN[m - 1]} ${d}, ${y}`]);
}

// ---------- positives ----------
type Make = () => [string, string[]];

function phoneText(): [string, string[]] {
  const region = pick(['US', 'GB', 'DE', 'FR', 'TR', 'IN', 'ES'] as CountryCode[]);
  const p = phoneNumber(region);
  const nat = p.formatNational();
  const intl = p.formatInternational();
  const said: Record<string, string[]> = {
    US: [`Call me at ${nat} after 5pm.`, `Phone: ${nat}`, `You can text ${nat} anytime.`],
    GB: [`Ring the office on ${nat}.`, `Mobile: ${nat}`, `Tel ${nat} (switchboard)`],
    DE: [`Telefon: ${nat}`, `Rufen Sie uns unter ${nat} an.`, `Handy: ${nat}`],
    FR: [`Téléphone : ${nat}`, `Appelez le ${nat} (portable).`, `Tél. ${nat}`],
    TR: [`Cep telefonu: ${nat}`, `Bize ${nat} numaralı telefondan ulaşın.`, `Tel: ${nat}`],
    IN: [`Call ${nat} for the booking desk.`, `Mobile no: ${nat}`, `WhatsApp ${nat}`],
    ES: [`Teléfono: ${nat}`, `Llámanos al ${nat}.`, `Móvil ${nat}`],
  };
  const variants = [
    () => pick(said[region]!),
    () => `Our ${region} team is reachable on ${intl} during business hours.`,
    () => `- **Name:** ${person().join(' ')}\n- **Phone:** ${intl}`,
    () => '```json\n' + JSON.stringify({ name: person().join(' '), phone: p.number }, null, 2) + '\n```',
    () => `WhatsApp: ${p.number}`,
  ];
  return [frame(pick(variants)()), ['pii.phone']];
}

const POSITIVES: [string, number, Make][] = [
  ['email', 15, () => {
    const [f, l] = person();
    const e = email();
    return [frame(pick([
      `You can reach ${f} at ${e} for billing questions.`,
      '```yaml\ncontact:\n  name: ' + `${f} ${l}\n  email: ${e}\n` + '```',
      `| Name | Email |\n|---|---|\n| ${f} ${l} | ${e} |`,
      `From: ${f} ${l} <${e}>\nSubject: Re: your invoice`,
      `Please forward the signed contract to ${e} by Friday.`,
      `For example, the form expects something like \`${ascii(f)}.${ascii(l)}@example.com\`.`,
    ])), ['pii.email']];
  }],
  ['phone', 28, phoneText],
  ['card', 16, () => {
    const [brand, num] = card();
    return [frame(pick([
      `The customer paid with a ${brand} card ending in the number ${num}.`,
      `Card number: ${num}\nExpiry: ${pad(int(1, 12))}/${int(26, 30)}`,
      '```json\n' + JSON.stringify({ card_number: num, holder: person().join(' ') }, null, 2) + '\n```',
      `In Stripe test mode, use ${pick(['4242 4242 4242 4242', '4000 0566 5566 5556', '5555 5555 5555 4444', '3782 822463 10005'])} with any future expiry date.`,
      `I accidentally pasted my card ${num} into the chat, can you delete it?`,
    ])), ['pii.payment-card']];
  }],
  ['ssn', 12, () => {
    const s = ssn();
    return [frame(pick([`Her SSN is ${s}, please keep it private.`, `Social Security Number: ${s}`, `Applicant SSN ${s.replace(/-/g, '')} was verified.`, `| Employee | SSN |\n|---|---|\n| ${person().join(' ')} | ${s} |`, `W-2 form, box a (employee's SSN): ${s}`])), ['pii.us-ssn']];
  }],
  ['iban', 14, () => {
    const [country, value] = iban();
    return [frame(pick([`Please wire the deposit to IBAN ${value}.`, `Bankverbindung: ${value} (BIC folgt)`, `Kontonummer / IBAN: ${value}`, `The ${country} account ${value} is the one on the invoice.`, '```\nbeneficiary: ' + person().join(' ') + `\niban: ${value}\n` + '```'])), ['pii.iban']];
  }],
  ['ip-public', 12, () => {
    const ip = rng() < 0.7 ? publicIp() : publicIp6();
    return [frame(pick([
      '```\n' + `Failed password for root from ${ip} port ${int(1024, 65535)} ssh2\n` + '```',
      `The suspicious logins all came from ${ip}.`,
      `Add an A record pointing to ${ip} and wait for DNS to propagate.`,
      `${ip} - - [12/Mar/2024:10:15:32 +0000] "GET /admin HTTP/1.1" 403`,
      `My home IP is ${ip}, can you whitelist it on the firewall?`,
    ])), ['pii.ip-public']];
  }],
  ['ip-private', 12, () => {
    const ip = rng() < 0.7 ? privateIp() : privateIp6();
    return [frame(pick([
      `Open http://${ip.includes(':') ? `[${ip}]` : ip}:8080 in your browser once the server is up.`,
      `Set the gateway to ${ip} in the router settings.`,
      '```bash\n' + `ssh admin@${ip}\n` + '```',
      `The container is reachable at ${ip} inside the Docker network.`,
      '```yaml\ndatabase:\n  host: ' + ip + '\n  port: 5432\n```',
    ])), ['pii.ip-private']];
  }],
  ['tckn', 6, () => [frame(pick([`TC Kimlik No: ${tckn()}`, `T.C. kimlik numaranız ${tckn()} olarak kayıtlıdır.`, `Form alanı "TCKN": ${tckn()}`])), ['pii.tr-tckn']]],
  ['steuer', 6, () => {
    const id = steuerId();
    const v = rng() < 0.5 ? group(id, [2, 3, 3, 3], ' ') : id;
    return [frame(pick([`Ihre Steuer-ID lautet ${v}.`, `Steuerliche Identifikationsnummer: ${v}`, `Bitte tragen Sie die IdNr ${v} in Zeile 4 ein.`])), ['pii.de-steuer-id']];
  }],
  ['nino', 6, () => [frame(pick([`National Insurance number: ${nino()}`, `Your NI number ${nino()} appears on your payslip.`, `HMRC record (NINO ${nino()}) updated.`])), ['pii.uk-nino']]],
  ['nhs', 6, () => {
    const n = nhs();
    return [frame(pick([`NHS number: ${group(n, [3, 3, 4], ' ')}`, `Patient NHS No. ${n} was referred.`, `Please quote your NHS number (${group(n, [3, 3, 4], ' ')}) when you call.`])), ['pii.uk-nhs']];
  }],
  ['nir', 6, () => [frame(pick([`Numéro de sécurité sociale : ${nir()}`, `NIR ${nir()} (carte Vitale)`, `Indiquez votre numéro de sécu ${nir()} sur le formulaire.`])), ['pii.fr-nir']]],
  ['aadhaar', 6, () => [frame(pick([`Aadhaar number: ${aadhaar()}`, `My aadhar is ${aadhaar()}, please update the KYC.`, `UIDAI record ${aadhaar()} verified.`])), ['pii.in-aadhaar']]],
  ['dob', 14, () => {
    const d = birthDate();
    const m = int(1, 12);
    const day = int(1, 28);
    const y = int(1950, 2004);
    return [frame(pick([
      `Date of birth: ${d}`, `DOB ${d}`, `${person()[0]} was born on ${d} in Leeds.`,
      `Geburtsdatum: ${pad(day)}.${pad(m)}.${y}`, `geboren am ${day}. ${MONTHS_DE[m - 1]} ${y} in Köln`,
      `née le ${day} ${MONTHS_FR[m - 1]} ${y} à Lyon`, `Doğum tarihi: ${pad(day)}.${pad(m)}.${y}`, `- **Birthday:** ${MONTHS_EN[m - 1]} ${day}, ${y}`,
    ])), ['pii.dob']];
  }],
  ['mixed', 8, () => {
    const [f, l] = person();
    const e = email();
    const p = phoneNumber('US').formatNational();
    return [frame(`**${f} ${l}**\n\n- Email: ${e}\n- Phone: ${p}\n- Date of birth: ${birthDate()}`), ['pii.email', 'pii.phone', 'pii.dob']];
  }],
];

function positives(): EvalExample[] {
  const out: EvalExample[] = [];
  for (const [name, count, make] of POSITIVES) {
    for (let i = 0; i < count; i++) {
      const [text, expect] = make();
      out.push({ id: `pii-pos-${name}-${String(i + 1).padStart(3, '0')}`, text, expect });
    }
  }
  return out;
}

// ---------- hard negatives ----------
function failingLuhn16(): string {
  for (;;) {
    const n = String(int(3, 6)) + digits(15);
    if (!luhnValid(n)) return group(n, [4, 4, 4, 4], pick([' ', '-', '']));
  }
}
function isbn13(): string {
  const body = pick(['978', '979']) + digits(9);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  const full = body + ((10 - (sum % 10)) % 10);
  return `${full.slice(0, 3)}-${full.slice(3, 4)}-${full.slice(4, 8)}-${full.slice(8, 12)}-${full.slice(12)}`;
}
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const date = (): string => pick([`${int(2019, 2025)}-${pad(int(1, 12))}-${pad(int(1, 28))}`, `${pad(int(1, 28))}.${pad(int(1, 12))}.${int(2019, 2025)}`, `${int(1, 28)} ${pick(MONTHS_EN)} ${int(2019, 2025)}`]);

const NEGATIVES: (() => string)[] = [
  () => `Your order #${digits(int(7, 9))} has shipped and should arrive on ${date()}.`,
  () => `Order number ${int(1, 9)}${digits(9)} is confirmed; keep it for returns.`,
  () => `Order ID: ORD-${int(2020, 2025)}-${digits(6)}`,
  () => `Invoice INV-${int(2020, 2025)}-${digits(5)} is due in 30 days (total: $${int(100, 9999)}.${digits(2)}).`,
  () => `Rechnung Nr. ${digits(8)} vom ${pad(int(1, 28))}.${pad(int(1, 12))}.${int(2020, 2025)}`,
  () => `UPS tracking: 1Z${hex(6).toUpperCase()}${digits(10)}`,
  () => `USPS tracking number: 9400 1${digits(3)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`,
  () => `FedEx tracking ${digits(12)} shows the parcel in Memphis.`,
  () => `The request id is \`${uuid()}\`; include it in the bug report.`,
  () => '```json\n' + JSON.stringify({ id: uuid(), created_at: int(1600000000, 1800000000), updated_ms: int(1600000000, 1800000000) * 1000 + int(0, 999) }, null, 2) + '\n```',
  () => `The event fired at Unix time ${int(1600000000, 1800000000)}.`,
  () => '```\n' + `${int(2023, 2025)}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}.${digits(3)} INFO worker ${int(1, 16)} done in ${int(10, 999)} ms\n` + '```',
  () => `Upgrade to version ${int(1, 9)}.${int(0, 20)}.${int(0, 9)}.${int(0, 99)} before applying the patch.`,
  () => `Requires Chrome ${int(100, 130)}.0.${int(4000, 6999)}.${int(10, 200)} or later.`,
  () => `Tested on Windows 10.0.${int(17000, 22999)}.${int(100, 4000)} and macOS ${int(12, 15)}.${int(0, 6)}.${int(0, 3)}.`,
  () => '```bash\n' + `pip install numpy==${int(1, 2)}.${int(0, 26)}.${int(0, 4)} pandas==2.${int(0, 2)}.${int(0, 3)}\nnpm i react@18.${int(0, 3)}.${int(0, 9)} @types/node@20.${int(0, 11)}.${int(0, 30)}\n` + '```',
  () => `ISBN ${isbn13()} (paperback), ${int(200, 600)} pages.`,
  () => `Reference number: ${failingLuhn16()}`,
  () => `Loyalty account ${failingLuhn16()} has ${int(100, 9000)} points.`,
  () => `Example of a malformed number: ${pick(['123-456-7890', '(123) 456-7890', '000-000-0000', '+1 123 456 7890', '555-0100'])}.`,
  () => `Phone numbers in the test fixture are fake, e.g. ${pick(['123-456-7890', '(000) 111-2222', '099 123'])}.`,
  () => `The sprint ends on ${date()} and the retro is on ${date()}.`,
  () => `Published ${date()} · ${int(3, 15)} min read`,
  () => `SSN-like values such as ${pick(['000', '666', '9' + digits(2)])}-${pad(int(1, 99))}-${String(int(1, 9999)).padStart(4, '0')} are never issued.`,
  () => `IBAN DE${pad(int(0, 99))} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)} (copied wrong, checksum fails)`.replace(/^IBAN DE(\d\d)/, (_m, cd) => `IBAN DE${cd === '89' ? '88' : cd}`),
  () => `\`\`\`python\nPI = 3.14159265\nMAX_RETRIES = ${int(3, 9)}\nTIMEOUT_MS = ${int(1000, 90000)}\nprint(f"{PI:.2f}")\n\`\`\``,
  () => `The coordinates are ${int(10, 60)}.${digits(4)}, -${int(10, 120)}.${digits(4)}.`,
  () => `sha256: ${hex(64)}`,
  () => `Map the port with \`docker run -p ${int(3000, 9000)}:${int(80, 8080)} app\` and check the MAC ${[...Array(6)].map(() => hex(2)).join(':')}.`,
  () => `In C++ you would write \`std::vector<int> v(${int(2, 99)});\` and in Rust \`Vec::with_capacity(${int(2, 99)})\`.`,
  () => `Clone it with \`git clone git@github.com:acme/${pick(['api', 'web', 'infra'])}.git\` and install \`@types/node\`.`,
  () => `Retina assets are named like icon@2x.png and logo@3x.webp.`,
  () => `The OID ${pick(['1.3.6.1.4.1.311', '1.2.840.113549.1.1.11', '2.5.4.3'])} identifies the attribute.`,
  () => `Use the netmask 255.255.255.0 for a /24 network.`,
  () => `See section ${int(1, 9)}.${int(1, 9)}.${int(1, 9)}.${int(1, 9)} of the spec.`,
  () => `Revenue grew to $${int(1, 9)},${digits(3)},${digits(3)} in ${int(2019, 2024)}, about ${int(2, 40)}% more than the year before.`,
  () => `| Year | Users | Growth |\n|---|---|---|\n| ${int(2019, 2021)} | ${int(1, 9)} ${digits(3)} ${digits(3)} | ${int(1, 30)}% |\n| ${int(2022, 2024)} | ${int(1, 9)} ${digits(3)} ${digits(3)} | ${int(1, 30)}% |`,
  () => `The ZIP code is ${digits(5)}-${digits(4)} and the postcode SW1A 1AA.`,
  () => `Serial number: SN-${digits(4)}-${digits(4)}-${digits(4)}`,
  () => `Case ${int(2, 9)}${digits(2)}-${digits(3)}-${digits(4)} was closed by support.`,
  () => `The meeting room code is ${digits(6)} and the wifi password is on the whiteboard.`,
  () => `Ticket ${int(1, 9)}${digits(10)} was escalated to tier 2.`,
  () => `Transaction ${int(1, 9)}${digits(11)} was refunded.`,
  () => `Benchmark: ${int(1, 9)}${digits(6)} ops/sec over ${int(1, 9)}${digits(2)} runs (±${int(1, 5)}.${digits(1)}%).`,
  () => `The build ran from ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))} to ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))} UTC.`,
  () => `Born in ${int(1950, 2000)}, the author started writing at ${int(20, 40)}.`,
];

function negatives(): EvalExample[] {
  const out: EvalExample[] = [];
  for (let i = 0; i < 180; i++) {
    const parts = [NEGATIVES[i % NEGATIVES.length]!()];
    if (rng() < 0.35) parts.push(pick(NEGATIVES)());
    out.push({ id: `pii-neg-${String(i + 1).padStart(3, '0')}`, text: frame(parts.join('\n\n')), expect: [] });
  }
  return out;
}

/** The labelled examples, the same on every run. */
export function generate(): EvalExample[] {
  rng = mulberry32(20240611);
  return [...positives(), ...negatives()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'data', 'pii.jsonl');
  writeFileSync(out, generate().map((e) => JSON.stringify(e)).join('\n') + '\n');
}

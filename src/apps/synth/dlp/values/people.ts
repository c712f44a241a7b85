import { dlpData } from '../data.js';
import type { Rng } from '../prng.js';

export interface Person {
  first: string;
  last: string;
  /** "First Last". */
  name: string;
  culture: string;
}

/**
 * A person from the bundled name lists (data/dlp/names.json): first and last name of one culture.
 *
 * @example
 * generatePerson(new Rng(1)).name; // e.g. 'Lena Hoffmann'
 */
export function generatePerson(rng: Rng): Person {
  const cultures = dlpData().names.cultures;
  const culture = rng.pick(Object.keys(cultures));
  const lists = cultures[culture]!;
  const first = rng.pick(lists.first);
  const last = rng.pick(lists.last);
  return { first, last, name: `${first} ${last}`, culture };
}

/**
 * A postal address from the bundled lists (data/dlp/places.json), in the country's own
 * order: "1234 Maple Avenue, Austin, TX 78701", "Lindenstraße 12, 10115 Berlin", ...
 *
 * @example
 * generateAddress(new Rng(1)); // e.g. '14 Church Lane, York YO1 7HH'
 */
export function generateAddress(rng: Rng): string {
  const countries = dlpData().places.countries;
  const country = countries[rng.pick(Object.keys(countries))]!;
  const [city, region, postcode] = rng.pick(country.cities);
  const number = String(country.format.startsWith('{number}') && rng.chance(0.5) ? rng.range(100, 9899) : rng.range(1, 148));
  return country.format
    .replace('{number}', number)
    .replace('{street}', rng.pick(country.streets))
    .replace('{city}', city)
    .replace('{region}', region)
    .replace('{postcode}', postcode);
}

const NAME = /^\p{Lu}[\p{L}'’-]{0,30}(?: \p{Lu}[\p{L}'’-]{0,30}){1,3}$/u;

/**
 * Whether a value reads as a personal name: two to four capitalised words.
 *
 * @example
 * checkName('Ayşe Yılmaz'); // true
 */
export function checkName(value: string): boolean {
  return value.length <= 120 && NAME.test(value);
}

/**
 * Whether a value reads as a postal address: one line with a house number, a street and a
 * place with a postcode (at least two comma-separated parts, digits and letters).
 *
 * @example
 * checkAddress('Lindenstraße 12, 10115 Berlin'); // true
 */
export function checkAddress(value: string): boolean {
  return value.length >= 10 && value.length <= 160 && !/[\n\r]/.test(value) && value.includes(', ') && /\d/.test(value) && /\p{L}{3}/u.test(value);
}

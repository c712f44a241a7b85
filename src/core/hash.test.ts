import { describe, expect, it } from 'vitest';
import { sha256, stableStringify } from './hash.js';

describe('sha256', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hashes bytes the same as the equal string', () => {
    expect(sha256(new TextEncoder().encode('abc'))).toBe(sha256('abc'));
    expect(sha256('héllo')).toBe(sha256(new TextEncoder().encode('héllo')));
  });
});

describe('stableStringify', () => {
  it('sorts keys, so key order does not matter', () => {
    expect(stableStringify({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(stableStringify({ b: 1, a: 2 })).toBe(stableStringify({ a: 2, b: 1 }));
  });

  it('sorts nested objects, including those inside arrays, but keeps array order', () => {
    const one = { z: [{ y: 1, x: 2 }, 3], a: { d: { f: 1, e: 2 }, c: null } };
    const two = { a: { c: null, d: { e: 2, f: 1 } }, z: [{ x: 2, y: 1 }, 3] };
    expect(stableStringify(one)).toBe('{"a":{"c":null,"d":{"e":2,"f":1}},"z":[{"x":2,"y":1},3]}');
    expect(stableStringify(two)).toBe(stableStringify(one));
    expect(stableStringify([2, 1])).not.toBe(stableStringify([1, 2]));
  });

  it('gives different text for different values', () => {
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: '1' }));
    expect(sha256(stableStringify({ a: 1, b: [1] }))).not.toBe(sha256(stableStringify({ a: 1, b: [1, 1] })));
  });

  it('serialises scalars and non-plain objects like JSON.stringify', () => {
    expect(stableStringify('x')).toBe('"x"');
    expect(stableStringify(3)).toBe('3');
    expect(stableStringify(null)).toBe('null');
    const date = new Date(0);
    expect(stableStringify({ when: date })).toBe(JSON.stringify({ when: date }));
    expect(stableStringify({ b: undefined, a: 1 })).toBe('{"a":1}');
  });
});

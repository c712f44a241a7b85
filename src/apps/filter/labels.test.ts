import { describe, expect, it } from 'vitest';
import { WardenError } from '../../core/errors.js';
import { hazardLabel, truthOf } from './labels.js';

describe('hazardLabel', () => {
  it('follows the documented example and honours an explicit label', () => {
    expect(hazardLabel(['benign', 'hazard'])).toBe('hazard');
    expect(hazardLabel(['safe', 'dangerous'])).toBe('dangerous');
    expect(hazardLabel(['0', '1'])).toBe('1');
    expect(hazardLabel(['x', 'y', 'z'], 'y')).toBe('y');
  });

  it('refuses a label the model does not have, or a guess it cannot make', () => {
    expect(() => hazardLabel(['benign', 'hazard'], 'toxic')).toThrow(/not a label of the model/);
    expect(() => hazardLabel(['cats', 'dogs'])).toThrow(WardenError);
  });
});

describe('truthOf', () => {
  it('reads booleans, numbers and label names; unknown values are null', () => {
    expect(truthOf('hazard')).toBe(1);
    expect(truthOf(false)).toBe(0);
    expect([truthOf(1), truthOf(0), truthOf('BENIGN'), truthOf(' true '), truthOf('toxic', 'toxic')]).toEqual([1, 0, 0, 1, 1]);
    expect([truthOf(undefined), truthOf(null), truthOf('maybe'), truthOf({}), truthOf(Number.NaN)]).toEqual([null, null, null, null, null]);
  });
});

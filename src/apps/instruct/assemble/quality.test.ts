import { describe, expect, it } from 'vitest';
import { checkLanguage, checkLength, checkQuality, checkRefusal, DEFAULT_QUALITY } from './quality.js';
import type { InstructionPair } from './types.js';

const pair = (instruction: string, response: string, kind = 'vulnerability'): InstructionPair => ({ id: 'p', instruction, response, metadata: { source: 'nvd', kind, source_ids: ['nvd:CVE-2003-0001'] } });
const good = pair('Explain CVE-2003-0001 and its impact.', 'CVE-2003-0001 is a buffer overflow in the FTP daemon that lets remote attackers run code as root.');

describe('quality filters', () => {
  it('keeps a well-formed English security pair', () => {
    expect(checkQuality(good, DEFAULT_QUALITY)).toBe(true);
  });

  it('length: drops short and long instructions and responses, naming the field and bound', () => {
    expect(checkLength(pair('short', good.response), DEFAULT_QUALITY)).toEqual({ drop: 'too-short', detail: 'instruction has 5 characters (min 10)' });
    expect(checkLength(pair(good.instruction, 'too brief'), DEFAULT_QUALITY)).toEqual({ drop: 'too-short', detail: 'response has 9 characters (min 20)' });
    expect(checkLength(pair(good.instruction, 'x'.repeat(20001)), DEFAULT_QUALITY)).toEqual({ drop: 'too-long', detail: 'response has 20001 characters (max 20000)' });
    expect(checkLength(pair(good.instruction, 'x'.repeat(50)), { ...DEFAULT_QUALITY, maxResponseChars: 40 })).toMatchObject({ drop: 'too-long' });
  });

  it('language: drops non-Latin script and Latin text without English function words; `any` keeps both', () => {
    const russian = pair('Объясните эту уязвимость подробно.', 'Уязвимость позволяет удалённым злоумышленникам выполнить код.');
    expect(checkLanguage(russian, DEFAULT_QUALITY)).toMatchObject({ drop: 'language' });
    const lorem = pair('Lorem ipsum dolor sit amet consectetur.', 'Adipiscing elit sed eiusmod tempor incididunt labore dolore magna aliqua enim minim veniam.');
    expect(checkLanguage(lorem, DEFAULT_QUALITY)).toMatchObject({ drop: 'language' });
    expect(checkLanguage(russian, { ...DEFAULT_QUALITY, language: 'any' })).toBe(true);
    expect(checkLanguage(good, DEFAULT_QUALITY)).toBe(true);
  });

  it('refusal leakage: model boilerplate always, refusals unless the pair is an aligned refusal', () => {
    expect(checkRefusal(pair(good.instruction, 'As an AI language model, I cannot browse NVD.'), DEFAULT_QUALITY)).toEqual({ drop: 'refusal-leakage', detail: 'response contains "as an ai language model"' });
    expect(checkRefusal(pair(good.instruction, 'I\u2019m sorry, but I can\u2019t help with that.'), DEFAULT_QUALITY)).toMatchObject({ drop: 'refusal-leakage' });
    const aligned = pair('Write ransomware for me.', 'I cannot help with building ransomware; here is how to defend against it instead.', 'alignment');
    expect(checkRefusal(aligned, DEFAULT_QUALITY)).toBe(true);
    expect(checkRefusal(pair(aligned.instruction, 'As an AI language model I cannot help.', 'alignment'), DEFAULT_QUALITY)).toMatchObject({ drop: 'refusal-leakage' });
    expect(checkRefusal(good, DEFAULT_QUALITY)).toBe(true);
  });
});

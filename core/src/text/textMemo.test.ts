import { TextMemo } from './textMemo';

describe('TextMemo', () => {
  it('works a text out once and gives the same answer for every copy of it', () => {
    const worked: string[] = [];
    const memo = new TextMemo((text) => {
      worked.push(text);
      return text.toUpperCase();
    }, 100);
    const texts = ['10.0.0.1', '10.0.0.2', `10.0.0.${1}`, 'READ_COILS', '', '10.0.0.2'];
    expect(texts.map((text) => memo.get(text))).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.1',
      'READ_COILS',
      '',
      '10.0.0.2',
    ]);
    expect(worked).toEqual(['10.0.0.1', '10.0.0.2', 'READ_COILS', '']);
  });

  it('tells apart texts that land in one slot, and remembers undefined answers too', () => {
    let calls = 0;
    const memo = new TextMemo((text) => {
      calls++;
      return text.startsWith('x') ? undefined : text.length;
    }, 1000);
    // Same length and same last and middle characters: the same slot, different texts.
    const texts = Array.from({ length: 200 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${i % 7}a${i % 5}z`);
    // Twice over: the second round is answered from memory, and still right.
    for (const text of [...texts, 'xaz', ...texts, 'xaz']) {
      expect(memo.get(text)).toBe(text.startsWith('x') ? undefined : text.length);
    }
    expect(calls).toBe(new Set([...texts, 'xaz']).size);
  });

  it('starts over past its limit rather than grow', () => {
    let calls = 0;
    const memo = new TextMemo((text) => {
      calls++;
      return text;
    }, 10);
    for (let i = 0; i < 1000; i++) {
      memo.get(`host-${i}`);
    }
    expect(calls).toBe(1000);
    // Within the limit again, a text seen once is not worked out twice.
    const before = calls;
    memo.get('host-999');
    expect(calls).toBe(before);
  });
});

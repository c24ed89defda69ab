import { createZeekLogReader, type ZeekLineResult, type ZeekRecord } from './zeekLogReader';

function record(result: ZeekLineResult): ZeekRecord {
  if (result.type !== 'record') {
    throw new Error(`expected a record, got ${JSON.stringify(result)}`);
  }
  return result.record;
}

describe('reading Zeek TSV', () => {
  it('reads unset fields as undefined, empty ones as empty, and sets by the set separator', () => {
    const reader = createZeekLogReader();
    for (const line of [
      '#separator \\x09',
      '#set_separator\t;',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#fields\ta\tb\tc\td',
      '#types\tstring\tstring\tset[string]\tset[string]',
    ]) {
      expect(reader.readLine(line)).toEqual({ type: 'header' });
    }
    const r = record(reader.readLine('-\t(empty)\tx;y\t(empty)'));
    expect(r.value('a')).toBeUndefined();
    expect(r.value('b')).toBe('');
    expect(r.list('c')).toEqual(['x', 'y']);
    expect(r.list('d')).toEqual([]);
    expect([r.listText('c'), r.listText('d'), r.listText('a')]).toEqual(['x,y', '', undefined]);
    expect(r.has('a')).toBe(true);
    expect(r.has('z')).toBe(false);
    expect(reader.format).toBe('tsv');
  });

  it('decodes the \\xHH escapes Zeek writes for separators and unprintable bytes', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tquery');
    expect(record(reader.readLine('tab\\x09inside\\x5c')).value('query')).toBe('tab\tinside\\');
  });

  it('answers every line by its own fields, whatever order they are asked in and whether the header has them', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tts\tname\tnote');
    const lines = ['1.0\talpha\t-', '2.0\tbe\\x09ta\t(empty)', '3.0\tgamma\tlast'];
    const asked = lines.map((line, n) => {
      const r = record(reader.readLine(line));
      // The second line is asked in another order, and for a field no header declared, part way through.
      return n === 1
        ? [r.value('note'), r.value('absent'), r.value('name'), r.value('ts')]
        : [r.value('ts'), r.value('absent'), r.value('name'), r.value('note')];
    });
    expect(asked).toEqual([
      ['1.0', undefined, 'alpha', undefined],
      ['', undefined, 'be\tta', '2.0'],
      ['3.0', undefined, 'gamma', 'last'],
    ]);
  });

  it('reads counts in place: unset and absent as undefined, anything but digits as NaN', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tport\tunset\tempty\tword\tlong');
    const r = record(reader.readLine('502\t-\t(empty)\tx1\t1234567890123456'));
    expect([
      r.count('port'),
      r.count('unset'),
      r.count('empty'),
      r.count('word'),
      r.count('long'),
      r.count('absent'),
    ]).toEqual([502, undefined, NaN, NaN, NaN, undefined]);
    // On a line with escapes, the field is decoded first.
    expect(record(reader.readLine('\\x31\\x32\t-\t-\t-\t-')).count('port')).toBe(12);
    const json = createZeekLogReader('json');
    const j = record(json.readLine('{"port": 502, "text": "7", "word": "x"}'));
    expect([j.count('port'), j.count('text'), j.count('word'), j.count('absent')]).toEqual([502, 7, NaN, undefined]);
  });

  it('reads the other fields of a line with an escaped payload in place, and the escaped ones decoded', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tts\tport\tdata\tvalues\tafter');
    const r = record(reader.readLine('1709280013.000400\t502\t\\x00\\x01\t\\x37,8\t9,T,F'));
    expect(r.time('ts')).toBe(1_709_280_013_000_400_000n);
    expect(r.count('port')).toBe(502);
    expect(r.value('data')).toBe('\x00\x01');
    expect(r.firstCount('values')).toBe(7);
    expect(r.firstCount('after')).toBe(9);
  });

  it('reads times in place: unset and absent as undefined, text that is no time as null', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tts\tunset\tword\tiso');
    const r = record(reader.readLine('1709280000.5\t-\tsoon\t2024-03-01T08:00:00.25Z'));
    expect([r.time('ts'), r.time('unset'), r.time('word'), r.time('iso'), r.time('absent')]).toEqual([
      1_709_280_000_500_000_000n,
      undefined,
      null,
      1_709_280_000_250_000_000n,
      undefined,
    ]);
    const json = createZeekLogReader('json');
    const j = record(json.readLine('{"ts": 1709280000.5, "word": "soon"}'));
    expect([j.time('ts'), j.time('word'), j.time('absent')]).toEqual([1_709_280_000_500_000_000n, null, undefined]);
  });

  it('reads the first of a vector of counts, checking every element', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\tregs\tcoils\tbad\tunset\tempty');
    const r = record(reader.readLine('512,0,7\tT,F\t1,x\t-\t(empty)'));
    expect([r.firstCount('regs'), r.firstCount('coils'), r.firstCount('bad')]).toEqual([512, 1, NaN]);
    expect([r.firstCount('unset'), r.firstCount('empty'), r.firstCount('absent')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const json = createZeekLogReader('json');
    const j = record(json.readLine('{"regs": [512, 0], "bad": [1, "x"], "empty": []}'));
    expect([j.firstCount('regs'), j.firstCount('bad'), j.firstCount('empty')]).toEqual([512, NaN, undefined]);
  });

  it('counts the fields of a line that has too few or too many', () => {
    const reader = createZeekLogReader('tsv');
    reader.readLine('#fields\ta\tb\tc');
    expect(reader.readLine('1\t2')).toEqual({ type: 'malformed', message: 'expected 3 fields, found 2' });
    expect(reader.readLine('1\t2\t3\t4\t5')).toEqual({ type: 'malformed', message: 'expected 3 fields, found 5' });
    expect(record(reader.readLine('1\t2\t')).value('c')).toBe('');
  });

  it('refuses a data line before any #fields header', () => {
    const reader = createZeekLogReader('tsv');
    expect(reader.readLine('1.0\tC1')).toEqual({ type: 'malformed', message: 'data line before any #fields header' });
  });

  it('refuses a #types line whose count differs from #fields', () => {
    const reader = createZeekLogReader();
    reader.readLine('#fields\ta\tb');
    expect(reader.readLine('#types\tstring')).toEqual({
      type: 'malformed',
      message: '#types lists 1 types for 2 fields',
    });
  });

  it('refuses data under a #fields header that names a field twice', () => {
    const reader = createZeekLogReader();
    expect(reader.readLine('#fields\ta\ta')).toEqual({
      type: 'malformed',
      message: 'the #fields header names a twice',
    });
    expect(reader.readLine('1\t2')).toEqual({
      type: 'malformed',
      message: 'data line under an unusable header (the #fields header names a twice)',
    });
  });

  it('follows a new header in a concatenated file', () => {
    const reader = createZeekLogReader();
    reader.readLine('#path\tconn');
    reader.readLine('#fields\ta');
    expect(record(reader.readLine('1')).value('a')).toBe('1');
    reader.readLine('#close\t2024-03-01-09-00-00');
    reader.readLine('#path\tmodbus');
    reader.readLine('#fields\tb\tc');
    const r = record(reader.readLine('2\t3'));
    expect([r.value('a'), r.value('b'), r.value('c')]).toEqual([undefined, '2', '3']);
    expect(reader.path).toBe('modbus');
  });

  it('ignores a byte order mark, carriage returns and blank lines', () => {
    const reader = createZeekLogReader();
    expect(reader.readLine('\ufeff#fields\ta\r')).toEqual({ type: 'header' });
    expect(reader.readLine('   ')).toEqual({ type: 'header' });
    expect(record(reader.readLine('x\r')).value('a')).toBe('x');
  });

  it('cannot tell the format of a log whose first line is data', () => {
    const reader = createZeekLogReader();
    expect(reader.readLine('1.0\tC1')).toEqual({
      type: 'malformed',
      message: 'neither a Zeek TSV header (#...) nor a JSON object: format unknown',
    });
    expect(reader.format).toBeUndefined();
  });
});

describe('reading Zeek JSON', () => {
  it('reads numbers, booleans and arrays in the text form TSV uses', () => {
    const reader = createZeekLogReader();
    const r = record(reader.readLine('{"ts":1709280000.123456,"local_orig":true,"vals":[1,0],"n":null}'));
    expect(r.value('ts')).toBe('1709280000.123456');
    expect(r.value('local_orig')).toBe('T');
    expect(r.list('vals')).toEqual(['1', '0']);
    expect(r.value('n')).toBeUndefined();
    expect(r.has('n')).toBe(false);
    expect(reader.format).toBe('json');
  });

  it('reads a connection id that a shipper nested instead of dotting', () => {
    const reader = createZeekLogReader('json');
    const r = record(reader.readLine('{"id":{"orig_h":"10.0.0.1","resp_p":502}}'));
    expect(r.value('id.orig_h')).toBe('10.0.0.1');
    expect(r.value('id.resp_p')).toBe('502');
    expect(r.has('id.orig_p')).toBe(false);
  });

  it('takes the log name from _path', () => {
    const reader = createZeekLogReader();
    reader.readLine('{"_path":"conn","ts":1}');
    expect(reader.path).toBe('conn');
  });

  it('refuses a JSON value that is not an object', () => {
    const reader = createZeekLogReader('json');
    expect(reader.readLine('[1]')).toEqual({ type: 'malformed', message: 'expected one JSON object per line' });
  });
});

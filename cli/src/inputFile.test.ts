import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { isZeekLog, prepareInputs } from './inputFile';

describe('preparing the files a command reads', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'conduit-input-test-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('names every input it cannot read, each in one line, and reads the rest', async () => {
    const damaged = join(folder, 'conn.log.gz');
    writeFileSync(damaged, gzipSync(Buffer.from('#separator \\x09\n')).subarray(0, 12));
    const zip = join(folder, 'logs.zip');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    const good = join(folder, 'points.lp');
    writeFileSync(good, 'flow bytes_out=1i 1\n');
    const prepared = await prepareInputs([damaged, zip, folder, good, '-', '-'], Readable.from([Buffer.from('x\n')]));
    try {
      expect(prepared.problems).toEqual([
        expect.stringMatching(new RegExp(`^cannot read ${damaged}: gzip-compressed but damaged \\(`)),
        `cannot read ${zip}: a zip archive`,
        `cannot read ${folder}: a folder, not a file`,
        'cannot read -: standard input is named twice',
      ]);
      expect(prepared.inputs.map((input) => [input.name, input.via])).toEqual([
        [good, []],
        ['-', ['standard input']],
      ]);
      expect(readFileSync(prepared.inputs[1].path, 'utf8')).toBe('x\n');
    } finally {
      prepared.cleanup();
    }
  });

  it('tells a Zeek log by its headers or its JSON fields', () => {
    const tsv = join(folder, 'conn.log');
    writeFileSync(tsv, '#separator \\x09\n#path\tconn\n');
    const json = join(folder, 'conn.json');
    writeFileSync(json, '{"ts":1.5,"uid":"C1","id.orig_h":"10.0.0.1"}\n');
    const lp = join(folder, 'points.lp');
    writeFileSync(lp, '# DML\nflow bytes_out=1i 1\n');
    expect([tsv, json, lp].map(isZeekLog)).toEqual([true, true, false]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openLines } from './lineFile';

describe('reading a file line by line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conduit-lines-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('yields each line once, the last one without a newline too', () => {
    expect([...openLines(write('a.txt', 'one\ntwo\r\n\nthree'))]).toEqual(['one', 'two\r', '', 'three']);
    expect([...openLines(write('b.txt', 'one\n'))]).toEqual(['one']);
    expect([...openLines(write('c.txt', ''))]).toEqual([]);
  });

  it('keeps lines and multi-byte characters whole across read chunks', () => {
    const line = `${'é'.repeat(400_000)}ü`;
    const lines = [...openLines(write('big.txt', `${line}\n${line}\n`))];
    expect(lines).toEqual([line, line]);
  });

  it('keeps a character whole when its bytes straddle two reads', () => {
    // The first read ends after the first byte of é (reads are 1 MiB); the second fills the whole buffer again.
    const first = 'x'.repeat(2 ** 20 - 2);
    const last = 'y'.repeat(2 ** 20);
    expect([...openLines(write('straddle.txt', `${first}\néz\n${last}`))]).toEqual([first, 'éz', last]);
  });

  it('fails at opening, not at the first line, when the file is missing', () => {
    expect(() => openLines(join(dir, 'missing.txt'))).toThrow(/ENOENT/);
  });
});

/**
 * Reads a text file line by line, synchronously, through a fixed buffer: memory stays flat for files of
 * any size, and the lines feed synchronous consumers (the aggregation takes an iterable) directly.
 * UTF-8 characters split across two reads are joined by the decoder; a final line without a newline
 * counts as a line, a final newline adds none.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/** Opens the file now (so a missing file fails here, not at the first line) and yields its lines. */
export function openLines(path: string): Iterable<string> {
  const fd = openSync(path, 'r');
  return linesOf(fd);
}

function* linesOf(fd: number): Generator<string> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) {
        break;
      }
      const text = carry + decoder.write(buffer.subarray(0, read));
      let start = 0;
      let newline = text.indexOf('\n', start);
      while (newline !== -1) {
        yield text.slice(start, newline);
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      carry = text.slice(start);
    }
    const rest = carry + decoder.end();
    if (rest !== '') {
      yield rest;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a text file line by line, synchronously, through a fixed buffer: memory stays flat for files of
 * any size, and the lines feed synchronous consumers (the aggregation takes an iterable) directly.
 * Each line is decoded from UTF-8 on its own, so a line, and any value parsed out of it and kept, holds no
 * reference to the rest of the chunk it was read in; a newline byte is never part of a multi-byte
 * character, so splitting the bytes at newlines first keeps every character whole. A final line without a
 * newline counts as a line, a final newline adds none.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Opens the file now (so a missing file fails here, not at the first line) and yields its lines.
 * `onRead`, when given, hears of every read with its size in bytes, for a progress line.
 */
export function openLines(path: string, onRead?: (bytes: number) => void): Iterable<string> {
  const fd = openSync(path, 'r');
  return linesOf(fd, onRead);
}

function* linesOf(fd: number, onRead: ((bytes: number) => void) | undefined): Generator<string> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  // The bytes of a line begun in earlier reads, copied out of the buffer, which the next read overwrites.
  let begun: Buffer[] = [];
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) {
        break;
      }
      onRead?.(read);
      const bytes = buffer.subarray(0, read);
      let start = 0;
      let newline = bytes.indexOf(NEWLINE, start);
      while (newline !== -1) {
        if (begun.length > 0) {
          yield Buffer.concat([...begun, bytes.subarray(start, newline)]).toString('utf8');
          begun = [];
        } else {
          yield bytes.toString('utf8', start, newline);
        }
        start = newline + 1;
        newline = bytes.indexOf(NEWLINE, start);
      }
      if (start < read) {
        begun.push(Buffer.from(bytes.subarray(start)));
      }
    }
    if (begun.length > 0) {
      yield Buffer.concat(begun).toString('utf8');
    }
  } finally {
    closeSync(fd);
  }
}

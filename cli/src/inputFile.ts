/**
 * What the commands read before they read it: a log or line-protocol file as Zeek and its users leave it. A
 * gzip-compressed file (known by its first bytes, not its name, as Zeek archives `conn.log.gz`), standard input
 * (`-`) and pipes (`<(zcat …)`, `/dev/stdin`) are copied, decompressed where needed, to a temporary file, which
 * the synchronous line reader then reads with flat memory. A file that is not text is refused in one line that
 * says what it looks like.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

import { errorMessage } from './commandIo';

/** The name standard input goes by on the command line. */
export const STDIN = '-';

export interface PreparedInput {
  /** As the user named it, for messages. */
  name: string;
  /** Where to read its text. */
  path: string;
  /** Bytes of text to read, for the progress line. */
  bytes: number;
  /** How it was read, when not as a plain file: `gzip`, `standard input`. */
  via: string[];
}

export interface PreparedInputs {
  inputs: PreparedInput[];
  /** One line per input that cannot be read, naming it. */
  problems: string[];
  /** Removes the temporary copies. */
  cleanup(): void;
}

const SNIFF_BYTES = 8192;
const GZIP_MAGIC = [0x1f, 0x8b];

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** What a file that is not text looks like, or undefined for text. */
export function notText(bytes: Buffer): string | undefined {
  const magic: Array<[number[], string]> = [
    [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
    [[0x42, 0x5a, 0x68], 'bzip2-compressed'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz-compressed'],
    [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed'],
    [[0xd4, 0xc3, 0xb2, 0xa1], 'a pcap capture (run Zeek on it first)'],
    [[0xa1, 0xb2, 0xc3, 0xd4], 'a pcap capture (run Zeek on it first)'],
    [[0x0a, 0x0d, 0x0d, 0x0a], 'a pcapng capture (run Zeek on it first)'],
  ];
  for (const [bytesOf, what] of magic) {
    if (bytes.length >= bytesOf.length && bytesOf.every((byte, i) => bytes[i] === byte)) {
      return what;
    }
  }
  return bytes.includes(0) ? 'binary data, not text' : undefined;
}

/**
 * Prepares every input; all problems are found before any is returned, so one run names them all. Never throws.
 */
export async function prepareInputs(
  names: readonly string[],
  stdin: Readable = process.stdin
): Promise<PreparedInputs> {
  let folder: string | undefined;
  const temporary = (name: string): string => {
    folder ??= mkdtempSync(join(tmpdir(), 'conduit-input-'));
    return join(folder, `${Math.random().toString(36).slice(2)}-${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-60)}`);
  };
  const cleanup = () => {
    if (folder !== undefined) {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const inputs: PreparedInput[] = [];
  const problems: string[] = [];
  let stdinUsed = false;
  for (const name of names) {
    const via: string[] = [];
    try {
      let path = name;
      if (name === STDIN) {
        if (stdinUsed) {
          problems.push(`cannot read ${name}: standard input is named twice`);
          continue;
        }
        stdinUsed = true;
        path = temporary('stdin');
        await pipeline(stdin, createWriteStream(path));
        via.push('standard input');
      } else if (!statSync(name).isFile()) {
        if (statSync(name).isDirectory()) {
          problems.push(`cannot read ${name}: a folder, not a file`);
          continue;
        }
        // A pipe or device (`<(zcat conn.log.gz)`, /dev/stdin): read once, into a file.
        path = temporary('pipe');
        await pipeline(createReadStream(name), createWriteStream(path));
        via.push('a pipe');
      }
      if (isGzip(head(path))) {
        const unpacked = temporary('gunzip');
        try {
          await pipeline(createReadStream(path), createGunzip(), createWriteStream(unpacked));
        } catch (error) {
          problems.push(`cannot read ${name}: gzip-compressed but damaged (${errorMessage(error)})`);
          continue;
        }
        path = unpacked;
        via.push('gzip');
      }
      const looks = notText(head(path));
      if (looks !== undefined) {
        problems.push(`cannot read ${name}: ${looks}`);
        continue;
      }
      inputs.push({ name, path, bytes: statSync(path).size, via });
    } catch (error) {
      problems.push(`cannot read ${name}: ${errorMessage(error)}`);
    }
  }
  return { inputs, problems, cleanup };
}

/** Whether the file starts as a Zeek log does (TSV headers, or a JSON record with Zeek's connection fields). */
export function isZeekLog(path: string): boolean {
  const text = head(path).toString('utf8');
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return /^#(separator|fields|path)\b/.test(first) || (/^\{/.test(first) && /"(uid|id\.orig_h)"\s*:/.test(first));
}

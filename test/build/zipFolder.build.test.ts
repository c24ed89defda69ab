import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';

import { crc32, zipFolder } from '../../.config/package/zipFolder';

interface ReadEntry {
  name: string;
  data: Buffer;
  crc: number;
}

/** Reads an archive the way an unzip tool does: end record, central directory, then each local header. */
function readZip(file: string): ReadEntry[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : raw, crc });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('zipFolder', () => {
  it('archives a folder under one root folder, every file intact and its checksum right', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-zip-'));
    try {
      const folder = path.join(work, 'dist');
      fs.mkdirSync(path.join(folder, 'panels/zone-topology'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'plugin.json'), '{"id":"conduit-itot-app"}');
      fs.writeFileSync(path.join(folder, 'panels/zone-topology/module.js'), 'define([],function(){});'.repeat(50));

      const written = zipFolder(folder, 'conduit-itot-app', path.join(work, 'out/suite.zip'));
      const entries = readZip(path.join(work, 'out/suite.zip'));

      expect(entries.map((entry) => entry.name)).toEqual([
        'conduit-itot-app/',
        'conduit-itot-app/panels/',
        'conduit-itot-app/panels/zone-topology/',
        'conduit-itot-app/panels/zone-topology/module.js',
        'conduit-itot-app/plugin.json',
      ]);
      expect(written).toBe(entries.length);
      const module = entries[3];
      expect(module.data.toString()).toBe('define([],function(){});'.repeat(50));
      expect(module.crc).toBe(crc32(module.data));
      expect(entries[4].data.toString()).toBe('{"id":"conduit-itot-app"}');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('computes the CRC-32 that ZIP and PNG use', () => {
    // The standard check value of CRC-32/ISO-HDLC.
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** A fixed timestamp so the same inputs always give the same zip bytes. */
const FIXED_MTIME = new Date(Date.UTC(2020, 0, 1));

/** Writes `entries` (name -> bytes, in this order, at the zip's root) to a new zip file at `file`. */
export async function writeZip(file: string, entries: [name: string, bytes: Buffer][]): Promise<void> {
  const zip = new ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name, { mtime: FIXED_MTIME, mode: 0o100644 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/**
 * Reads the pickles inside a zip archive (PyTorch's zipped checkpoints: `archive/data.pkl`, also `.pkl` members
 * of any zip) with yauzl, within bounds: member count, each pickle's size, the total inflated and the
 * compression ratio, so a zip bomb is refused before it is inflated. Tensor members are never read.
 */
import type yauzl from 'yauzl';
import { openZip, readZipMember } from './zip-read.js';

export const ZIP_LIMITS = {
  entries: 100_000,
  pickleBytes: 512 * 1024 * 1024,
  totalInflated: 1024 * 1024 * 1024,
  /** Real pickles compress well under this; bombs reach thousands. */
  maxRatio: 200,
};

export interface ZipPickle {
  name: string;
  bytes: Buffer;
}

export class ZipLimitError extends Error {}

function isPickleMember(name: string): boolean {
  return /(?:^|\/)data\.pkl$|\.(?:pkl|pickle)$/i.test(name);
}

/** Every pickle member of the archive at `path`, in archive order. */
export async function zipPickles(path: string): Promise<ZipPickle[]> {
  const zip = await openZip(path, false);
  const out: ZipPickle[] = [];
  let entries = 0;
  let inflated = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown): void => {
      zip.close();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (++entries > ZIP_LIMITS.entries) return fail(new ZipLimitError(`more than ${ZIP_LIMITS.entries} members`));
      if (!isPickleMember(entry.fileName)) return zip.readEntry();
      const ratio = entry.compressedSize === 0 ? (entry.uncompressedSize > 0 ? Infinity : 1) : entry.uncompressedSize / entry.compressedSize;
      if (entry.uncompressedSize > ZIP_LIMITS.pickleBytes) return fail(new ZipLimitError(`${entry.fileName}: ${entry.uncompressedSize} bytes, over the ${ZIP_LIMITS.pickleBytes}-byte pickle limit`));
      if (ratio > ZIP_LIMITS.maxRatio) return fail(new ZipLimitError(`${entry.fileName}: compression ratio ${Math.round(ratio)}:1 looks like a zip bomb (limit ${ZIP_LIMITS.maxRatio}:1)`));
      inflated += entry.uncompressedSize;
      if (inflated > ZIP_LIMITS.totalInflated) return fail(new ZipLimitError(`pickles inflate past ${ZIP_LIMITS.totalInflated} bytes in total`));
      readZipMember(zip, entry, entry.uncompressedSize, (name, limit) => new ZipLimitError(`${name}: inflates past ${limit} bytes`)).then((bytes) => {
        out.push({ name: entry.fileName, bytes });
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}

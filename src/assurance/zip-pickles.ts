/**
 * Reads the pickles inside a zip archive (PyTorch's zipped checkpoints: `archive/data.pkl`, also `.pkl` members
 * of any zip) with yauzl, within bounds: member count, each pickle's size, the total inflated and the
 * compression ratio, so a zip bomb is refused before it is inflated. Tensor members are never read.
 */
import yauzl from 'yauzl';

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

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

function readMember(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const parts: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) {
          stream.destroy(new ZipLimitError(`${entry.fileName}: inflates past ${limit} bytes`));
          return;
        }
        parts.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(parts)));
    });
  });
}

/** Every pickle member of the archive at `path`, in archive order. */
export async function zipPickles(path: string): Promise<ZipPickle[]> {
  const zip = await openZip(path);
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
      readMember(zip, entry, entry.uncompressedSize).then((bytes) => {
        out.push({ name: entry.fileName, bytes });
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}

/** The bounded yauzl reading both zip consumers share: model checkpoints (zip-pickles.ts) and rule packs (rule-pack/archive.ts). */
import yauzl from 'yauzl';

/** Opens a zip for one-entry-at-a-time reading with sizes checked; `strictFileNames` refuses `..` and absolute names. */
export function openZip(path: string, strictFileNames: boolean): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames, decodeStrings: true }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

/** Inflates one member, stopping with `tooLarge`'s error as soon as it passes `limit` bytes (the header's size can lie). */
export function readZipMember(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, tooLarge: (name: string, limit: number) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const parts: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) stream.destroy(tooLarge(entry.fileName, limit));
        else parts.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(parts)));
    });
  });
}

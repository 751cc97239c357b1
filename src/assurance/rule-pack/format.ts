/**
 * The rule-pack format: a zip archive holding `warden-pack.json` (the manifest: name, version, the Warden versions it
 * is built for, every content file with its sha256 and size), `warden-pack.sig` (ed25519 signature over the
 * manifest's canonical JSON, with the key id) and the content files, each at one of the known paths.
 */
import { z } from 'zod';

export const MANIFEST_FILE = 'warden-pack.json';
export const SIGNATURE_FILE = 'warden-pack.sig';
export const FORMAT = 'warden-rule-pack/1';

/** Content a pack may carry, by path; anything else is refused (a newer kind needs a newer Warden). */
export const CONTENT_FILES = {
  'models/injection-classifier.json': 'weights of the injection-classifier detector (replace the committed ones)',
  'models/harmful-request.json': 'weights of the harmful-request detector (replace the committed ones)',
  'rules/denylist.yaml': 'deny lists, topics, patterns and allow phrases added to every policy\'s denylist detector',
  'lexicons/toxicity.json': 'terms added to the toxicity lexicon: [{ term, category, severity }]',
} as const;
export type ContentFile = keyof typeof CONTENT_FILES;

export function isContentFile(path: string): path is ContentFile {
  return Object.hasOwn(CONTENT_FILES, path);
}

const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const manifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  name: z.string().regex(NAME, 'lowercase letters, digits, ".", "_" or "-", up to 64'),
  version: z.string().regex(SEMVER, 'a version x.y.z'),
  /** Warden versions this pack is built for: space-separated comparators, e.g. ">=0.1.0 <0.2.0". */
  warden: z.string().refine((r) => parseRange(r) !== undefined, 'comparators like ">=0.1.0 <0.2.0"'),
  createdAt: z.string(),
  files: z.record(z.string(), z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() })),
});
export type PackManifest = z.infer<typeof manifestSchema>;

export const signatureSchema = z.strictObject({ signature: z.string().min(1), keyId: z.string().regex(/^[0-9a-f]{16}$/) });

type Version = [number, number, number];
interface Comparator {
  op: '>=' | '>' | '<=' | '<' | '=';
  v: Version;
}

function parseVersion(s: string): Version | undefined {
  const m = SEMVER.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

// Hand-rolled: the `semver` package is not a dependency, and packs need only these five comparators.
const COMPARATOR = /^(>=|<=|>|<|=)?(\d+\.\d+\.\d+)$/;

export function parseRange(range: string): Comparator[] | undefined {
  const parts = range.trim().split(/\s+/);
  if (parts.length === 0 || parts.length > 4 || parts[0] === '') return undefined;
  const out: Comparator[] = [];
  for (const p of parts) {
    const m = COMPARATOR.exec(p);
    const v = m ? parseVersion(m[2] as string) : undefined;
    if (!m || !v) return undefined;
    out.push({ op: (m[1] ?? '=') as Comparator['op'], v });
  }
  return out;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `version` (x.y.z) satisfies every comparator of `range`. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  const cs = parseRange(range);
  if (!v || !cs) return false;
  return cs.every(({ op, v: w }) => {
    const c = compare(v, w);
    return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '<' ? c < 0 : c === 0;
  });
}

/** The default range of a pack built by this Warden: this minor release line (">=0.1.0 <0.2.0"). */
export function currentLine(version: string): string {
  const v = parseVersion(version);
  if (!v) throw new Error(`Warden version ${version} is not x.y.z`);
  return v[0] === 0 ? `>=0.${v[1]}.0 <0.${v[1] + 1}.0` : `>=${v[0]}.${v[1]}.0 <${v[0] + 1}.0.0`;
}

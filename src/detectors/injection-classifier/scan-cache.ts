/**
 * The normalized text and features of the last scanned text, kept for the next detector of the same scan
 * call (same DetectorContext.scanId) on the same text: the default policy runs injection-classifier and
 * harmful-request on every prompt, and both use the same normalization and (without sentence cues) the same
 * features. Nothing is reused across scan calls, so a request never gets another request's work. Buffers
 * are reused across scans, so a result is valid until the next call; scans are synchronous.
 */
import { extractFeatures, Features } from './features.js';
import { normalize, type Normalized } from './normalize.js';

export interface ScanInput {
  norm: Normalized;
  features: Features;
}

/** Longer texts get their own buffers, so the kept ones stay small. */
const MAX_KEPT_UNITS = 1 << 14;

let keptText: string | undefined;
let keptScan: object | undefined;
let keptCues = false;
let keptNorm: Normalized | undefined;
const keptFeatures = new Features();

export function scanInput(text: string, cues: boolean, scanId: object | undefined): ScanInput {
  if (text.length > MAX_KEPT_UNITS) {
    const norm = normalize(text);
    return { norm, features: extractFeatures(norm, cues, new Features()) };
  }
  if (scanId === undefined || scanId !== keptScan || text !== keptText || keptNorm === undefined) {
    keptNorm = normalize(text, keptNorm);
    keptText = text;
    keptScan = scanId;
    extractFeatures(keptNorm, cues, keptFeatures);
  } else if (cues !== keptCues) {
    extractFeatures(keptNorm, cues, keptFeatures);
  }
  keptCues = cues;
  return { norm: keptNorm, features: keptFeatures };
}

/**
 * Reference-style images across the release point. A definition `[r]: url` and its image use `![x][r]` can be
 * any distance apart, so one may be released before the other arrives, and the output detectors judge a
 * definition as an image only when they see a use. The scan window is therefore prefixed with what is no longer
 * in it: a stub `![][r]` for each definition in the window whose label an earlier image used, and the released
 * definition for each image use in the window. Findings in that prefix concern text already sent.
 */
import { labelKey } from '../../detectors/exfil-url/url-extract.js';
import type { Neutralisation, OpenConstructs } from './open-constructs.js';

/** Image labels remembered per answer; past this every definition is judged as an image. */
const MAX_IMAGE_LABELS = 4096;
/** Definitions remembered per answer; later ones are neutralised, so no use can resolve to an unremembered one. */
const MAX_DEFINITIONS = 256;

interface PendingDefinition {
  key: string;
  label: string;
  text: string;
  start: number;
  end: number;
}

export interface CarriedPrefix {
  text: string;
  /** Where each carried definition lies in `text`, by label key. */
  definitions: { key: string; start: number; end: number }[];
}

export class ReferenceLedger {
  private readonly imageLabels = new Set<string>();
  private everyDefinitionIsImage = false;
  /** Released definitions by label key (the first one wins, as in renderers). */
  private readonly released = new Map<string, string>();
  private definitionCount = 0;
  private uses: { key: string; at: number }[] = [];
  private definitions: PendingDefinition[] = [];

  /** Takes the constructs the tracker closed; returns definitions over the cap, to be neutralised. */
  take(tracker: OpenConstructs, text: string, base: number): Neutralisation[] {
    const slice = (r: { start: number; end: number }) => text.slice(r.start - base, r.end - base);
    for (const u of tracker.uses.splice(0)) {
      const key = labelKey(slice(u.label));
      this.uses.push({ key, at: u.at });
      if (this.imageLabels.size < MAX_IMAGE_LABELS) this.imageLabels.add(key);
      else this.everyDefinitionIsImage = true;
    }
    const over: Neutralisation[] = [];
    for (const d of tracker.definitions.splice(0)) {
      if (++this.definitionCount > MAX_DEFINITIONS) {
        over.push({ at: d.start, replacement: '\\[' });
        continue;
      }
      const label = slice(d.label);
      this.definitions.push({ key: labelKey(label), label, text: slice(d), start: d.start, end: d.end });
    }
    return over;
  }

  /** Maps every position through `moved` (text was inserted before some of them). */
  shift(moved: (at: number) => number): void {
    for (const u of this.uses) u.at = moved(u.at);
    for (const d of this.definitions) {
      d.start = moved(d.start);
      d.end = moved(d.end);
    }
  }

  /**
   * The text before `upTo` was released. A definition counts as released once any of it is: the rest alone,
   * without its line start, is no definition to the detectors, so from then on it is carried whole.
   */
  releasedUpTo(upTo: number): void {
    this.uses = this.uses.filter((u) => u.at >= upTo);
    this.definitions = this.definitions.filter((d) => {
      if (d.start >= upTo) return true;
      if (!this.released.has(d.key)) this.released.set(d.key, d.text);
      return false;
    });
  }

  prefix(): CarriedPrefix {
    const stubs = new Set<string>();
    for (const d of this.definitions) {
      if (this.everyDefinitionIsImage || this.imageLabels.has(d.key)) stubs.add(`![][${d.label}]`);
    }
    let text = stubs.size > 0 ? `${[...stubs].join(' ')}\n` : '';
    const definitions: CarriedPrefix['definitions'] = [];
    const carried = new Set<string>();
    for (const u of this.uses) {
      const def = this.released.get(u.key);
      if (def === undefined || carried.has(u.key)) continue;
      carried.add(u.key);
      definitions.push({ key: u.key, start: text.length, end: text.length + def.length });
      text += `${def}\n`;
    }
    return { text: text === '' ? '' : `${text}\n`, definitions };
  }
}

/**
 * Isolation of untrusted segments when Warden assembles context (retrieval step, tool results): role-spoofing
 * markers neutralised, then the segment spotlighted between the request's random boundaries, datamarked or
 * base64-encoded as configured. One boundary per request, shared by all its segments and the hierarchy statement.
 */
import type { IsolationMode, UntrustedSegment } from '../spec/context.js';
import { boundaryLines, newBoundary, type RequestBoundary } from './boundary.js';
import { hierarchyStatement } from './hierarchy.js';
import { neutraliseRoleMarkers } from './role-markers.js';

export interface IsolationSettings {
  mode: IsolationMode;
  /** State the instruction hierarchy to the model (prepended to the system prompt). */
  hierarchy: boolean;
}

export const DEFAULT_ISOLATION: IsolationSettings = { mode: 'spotlight', hierarchy: true };

/** Longest label kept (document id or source, tool name); it is written outside the boundaries. */
const MAX_LABEL_CHARS = 120;

export interface Isolator {
  readonly boundary: RequestBoundary;
  readonly settings: IsolationSettings;
  /** The segment as the model should read it. */
  isolate(segment: UntrustedSegment): IsolatedSegment;
  /** The hierarchy statement for this request, or undefined when the settings leave it out. */
  statement(): string | undefined;
}

export interface IsolatedSegment {
  text: string;
  /** Role-spoofing markers rewritten in the segment. */
  neutralised: number;
}

/** A label is trusted to name the segment only: one line, no quotes or brackets, no markers. */
function cleanLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const flat = neutraliseRoleMarkers(label).text.replace(/[\u0000-\u001f"⟪⟫\u2028\u2029]+/g, ' ').trim();
  return flat.length === 0 ? undefined : flat.slice(0, MAX_LABEL_CHARS);
}

function datamark(text: string, mark: string): string {
  return text.replace(/[ \t]+/g, mark);
}

export function createIsolator(settings: IsolationSettings = DEFAULT_ISOLATION, boundary: RequestBoundary = newBoundary()): Isolator {
  return {
    boundary,
    settings,
    isolate(segment) {
      const { text, count } = neutraliseRoleMarkers(segment.text);
      if (settings.mode === 'off') return { text, neutralised: count };
      const kind = segment.kind === 'document' ? 'DOCUMENT' : 'TOOL RESULT';
      const { open, close } = boundaryLines(boundary, kind, cleanLabel(segment.label));
      const body = settings.mode === 'encode' ? Buffer.from(text, 'utf8').toString('base64') : settings.mode === 'datamark' ? datamark(text, boundary.mark) : text;
      return { text: `${open}\n${body}\n${close}`, neutralised: count };
    },
    statement() {
      return settings.hierarchy ? hierarchyStatement(settings.mode, boundary) : undefined;
    },
  };
}

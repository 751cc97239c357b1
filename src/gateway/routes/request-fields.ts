/**
 * Which strings of a request body are text the model reads. Each protocol describes its body as a tree of
 * field shapes; the walker turns every string in the body into a scan slot unless the shape says it is an
 * identifier, an enum value or binary data. Fields a shape does not name are scanned too (scan by default), so a
 * field added by a provider or client cannot slip past; unknown top-level fields and unknown content types are
 * refused instead, unless the gateway config allows them by name. Free-form objects (JSON schemas, tool inputs,
 * unknown fields) are scanned as one JSON text each, which is how the model sees them and keeps the number of
 * scanned texts (bounded by the policy's `max_messages`) near the number of fields.
 */
import type { InputStage } from '../../spec/types.js';
import { GatewayError } from '../errors.js';
import { isObj, type Json } from '../upstreams/json.js';
import { DATA_URL } from '../upstreams/translate.js';
import { ROLE_MAP, type ExtraFields, type TextSlot } from './wire.js';

type Role = TextSlot['role'];

export interface FieldShape {
  /** Keys whose values, when strings or arrays of strings, are identifiers or enum values: not scanned. */
  readonly skip?: readonly string[];
  /** Keys holding base64 binary data (images, PDFs, encrypted blobs): not scanned while they are base64, text otherwise. */
  readonly base64?: readonly string[];
  /** Keys with a shape of their own; any other key is scanned (strings as text, objects as JSON). */
  readonly fields?: Readonly<Record<string, FieldShape>>;
  /** The shape of every key not in `fields` (maps such as a JSON Schema's `properties`). */
  readonly values?: FieldShape;
  /** An array or object here is scanned as one JSON text (lists of enum values: one text, not one per value). */
  readonly whole?: boolean;
  /** Objects here (or each object of an array here) are content blocks told apart by `type`; unknown types are refused. */
  readonly variants?: Readonly<Record<string, FieldShape>>;
  /** Keys not in `fields` are refused unless allowed by name (the top level). */
  readonly closed?: boolean;
  /** Everything below is scanned as this role, or as the role named by the object's `role` field. */
  readonly role?: Role | 'from-message';
  /** Everything below is scanned at this stage (documents: `retrieved`). */
  readonly stage?: InputStage;
  /** A base64 `data:` URL here is binary (an inline image or file), not text. */
  readonly dataUrl?: boolean;
}

/** Scanned as JSON: any field no shape names. */
export const FREE: FieldShape = {};

interface Ctx {
  role: Role;
  stage: InputStage | undefined;
}

interface Walker {
  out: TextSlot[];
  extra: ExtraFields;
}

const NO_EXTRA: ExtraFields = { fields: [], types: [] };

/** Allowed unknown content types: every key but `type` scanned. */
const ALLOWED_TYPE: FieldShape = {};

/** Base64 text (standard or URL-safe alphabet); a single character class, so linear. */
export const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Binary data, not text: base64, or a base64 data URL when `dataUrl`. Anything else is scanned. */
function isBinary(v: string, dataUrl: boolean): boolean {
  if (!dataUrl) return BASE64.test(v);
  // The header translation recognises too, so what is binary here is binary on the other protocol's side.
  const head = DATA_URL.exec(v.slice(0, 128));
  return head !== null && BASE64.test(v.slice(head[0].length));
}

function isPlain(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

/** Whether a free-form value holds text: a string, or an object key (tool input and schema keys are text too). */
function hasText(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (Array.isArray(v)) return v.some(hasText);
  return isObj(v) && Object.keys(v).length > 0;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function push(w: Walker, ctx: Ctx, path: string, text: string, set: (t: string) => void): void {
  const slot: TextSlot = { role: ctx.role, path, text, set };
  if (ctx.stage !== undefined) slot.stage = ctx.stage;
  w.out.push(slot);
}

/** A free-form object as one JSON text; the redacted text is parsed back. */
function pushJson(w: Walker, ctx: Ctx, parent: Json | unknown[], key: string | number, value: object, path: string): void {
  if (!hasText(value)) return;
  push(w, ctx, path, JSON.stringify(value), (t) => {
    try {
      (parent as Json)[key] = JSON.parse(t) as unknown;
    } catch {
      throw new GatewayError('invalid_request', `Redacting sensitive data in ${path} left it invalid JSON; remove the sensitive value from that field.`, { param: path });
    }
  });
}

function variantOf(w: Walker, shape: FieldShape, o: Json, path: string): FieldShape {
  const type = o.type;
  if (typeof type !== 'string') throw new GatewayError('invalid_request', `Content at ${path} needs a string "type".`, { param: join(path, 'type') });
  const known = shape.variants?.[type];
  if (known !== undefined) return known;
  if (w.extra.types.includes(type)) return ALLOWED_TYPE;
  throw new GatewayError(
    'invalid_request',
    `Content type "${type}" at ${path} is not supported: the gateway forwards only content it can scan. Allow it by name in gateway.allow_content_types.`,
    { param: join(path, 'type') },
  );
}

function contextOf(shape: FieldShape, o: Json | undefined, ctx: Ctx): Ctx {
  if (shape.role === undefined && shape.stage === undefined) return ctx;
  const role = shape.role === 'from-message' ? (ROLE_MAP[String(o?.role)] ?? 'user') : (shape.role ?? ctx.role);
  return { role, stage: shape.stage ?? ctx.stage };
}

function walkObject(w: Walker, o: Json, shape: FieldShape, ctx: Ctx, path: string, last?: string): void {
  const s = shape.variants === undefined ? shape : variantOf(w, shape, o, path);
  const inner = s === shape ? ctx : contextOf(s, o, ctx);
  for (const key of Object.keys(o)) {
    if (key === last) continue;
    const v = o[key];
    if ((s.skip?.includes(key) || (s !== shape && key === 'type')) && isPlain(v)) continue;
    if (s.base64?.includes(key) && typeof v === 'string' && isBinary(v, false)) continue;
    const child = s.fields?.[key] ?? s.values;
    if (child === undefined && s.closed === true && !w.extra.fields.includes(key)) {
      throw new GatewayError(
        'invalid_request',
        `Unknown request field "${key}": the gateway forwards only fields it can scan. Remove it, or allow it by name in gateway.allow_request_fields.`,
        { param: join(path, key) },
      );
    }
    visit(w, o, key, child ?? FREE, inner, join(path, key));
  }
  if (last !== undefined && last in o) visit(w, o, last, s.fields?.[last] ?? FREE, inner, join(path, last));
}

function visit(w: Walker, parent: Json | unknown[], key: string | number, shape: FieldShape, outer: Ctx, path: string): void {
  const v = (parent as Json)[key];
  const ctx = contextOf(shape, isObj(v) ? v : undefined, outer);
  if (typeof v === 'string') {
    if (v === '' || (shape.dataUrl === true && isBinary(v, true))) return;
    push(w, ctx, path, v, (t) => ((parent as Json)[key] = t));
  } else if (Array.isArray(v)) {
    if (shape.whole === true) pushJson(w, ctx, parent, key, v, path);
    else for (let i = 0; i < v.length; i++) visit(w, v, i, shape, ctx, join(path, i));
  } else if (isObj(v)) {
    if (shape === FREE || shape.whole === true) pushJson(w, ctx, parent, key, v, path);
    else walkObject(w, v, shape, ctx, path);
  }
}

/** The scan slots of a body; the conversation (`last`) last, so the newest texts are at the end as the engine expects. */
export function collectSlots(body: Json, shape: FieldShape, extra: ExtraFields = NO_EXTRA, last = 'messages'): TextSlot[] {
  const w: Walker = { out: [], extra };
  walkObject(w, body, shape, { role: 'user', stage: undefined }, '', last);
  return w.out;
}

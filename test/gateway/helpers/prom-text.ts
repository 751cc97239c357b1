/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP or TYPE
 * comment, a sample of the family declared just before it, or blank; label values are unescaped; histograms must
 * have increasing `le` buckets ending at +Inf whose count equals `_count`. Any other input throws with its line.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(s: string, line: number): number {
  // As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case; prom-client writes `Nan`.
  const special = s.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new Error(`line ${line}: bad value ${JSON.stringify(s)}`);
  return Number(s);
}

/** Reads `{a="x",b="y"}` from position `i` of `text`; returns the labels and the position after `}`. */
function parseLabels(text: string, i: number, line: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let p = i + 1;
  while (text[p] !== '}') {
    const eq = text.indexOf('=', p);
    if (eq < 0) throw new Error(`line ${line}: label without "="`);
    const name = text.slice(p, eq);
    if (!LABEL.test(name)) throw new Error(`line ${line}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`line ${line}: label ${name} repeated`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let value = '';
    let q = eq + 2;
    for (;;) {
      const c = text[q];
      if (c === undefined) throw new Error(`line ${line}: unterminated label value`);
      if (c === '"') break;
      if (c === '\\') {
        const n = text[q + 1];
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else throw new Error(`line ${line}: bad escape \\${n ?? ''}`);
        q += 2;
        continue;
      }
      value += c;
      q++;
    }
    labels[name] = value;
    p = q + 1;
    if (text[p] === ',') p++;
    else if (text[p] !== '}') throw new Error(`line ${line}: expected "," or "}" after a label`);
  }
  return { labels, end: p + 1 };
}

function belongs(sample: string, family: Family): boolean {
  if (sample === family.name) return family.type !== 'histogram';
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  if (family.type === 'summary') return [`${family.name}_sum`, `${family.name}_count`].includes(sample);
  return false;
}

function checkHistogram(f: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${f.name}: bucket without le`);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
  }
  for (const [key, buckets] of series) {
    let prev = -Infinity;
    let prevCount = 0;
    for (const b of buckets) {
      const le = parseValue(b.labels.le as string, 0);
      if (!(le > prev)) throw new Error(`${f.name}${key}: le not increasing`);
      if (b.value < prevCount) throw new Error(`${f.name}${key}: bucket counts not cumulative`);
      prev = le;
      prevCount = b.value;
    }
    if (prev !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
    const count = f.samples.find((s) => s.name === `${f.name}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key);
    if (count?.value !== prevCount) throw new Error(`${f.name}${key}: _count ${count?.value} != +Inf bucket ${prevCount}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      let f = families.get(name);
      if (f === undefined) {
        f = { name, help: '', type: 'untyped', samples: [] };
        families.set(name, f);
      } else if (f !== current) throw new Error(`line ${line}: family ${name} declared twice`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`line ${line}: bad type ${rest}`);
        if (f.samples.length > 0) throw new Error(`line ${line}: TYPE after samples`);
        f.type = rest as Family['type'];
      } else f.help = rest;
      current = f;
      return;
    }
    if (raw.startsWith('#')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(raw);
    if (!m) throw new Error(`line ${line}: not a sample: ${raw}`);
    const name = m[1] as string;
    let pos = name.length;
    let labels: Record<string, string> = {};
    if (raw[pos] === '{') ({ labels, end: pos } = parseLabels(raw, pos, line));
    if (raw[pos] !== ' ') throw new Error(`line ${line}: expected a space before the value`);
    const [value = '', ts, ...extra] = raw.slice(pos + 1).split(' ');
    if (extra.length > 0 || (ts !== undefined && !/^-?\d+$/.test(ts))) throw new Error(`line ${line}: trailing text`);
    if (current === undefined || !belongs(name, current)) throw new Error(`line ${line}: sample ${name} outside its family`);
    current.samples.push({ name, labels, value: parseValue(value, line) });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The value of the sample `name` whose labels include `labels` (0 when there is none). */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name.replace(/_(bucket|sum|count)$/, '')) ?? families.get(name);
  const s = family?.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

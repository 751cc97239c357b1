/**
 * Which parts of a dataset record are the prompt and which the answer, for the common fine-tuning and RAG
 * shapes: {prompt, completion}, {instruction, input, output}, {question, answer}, chat {messages: [...]},
 * {text}. Every string anywhere in the record is still scanned; this only feeds the trigger hunt.
 */

const PROMPT_KEYS = ['prompt', 'instruction', 'input', 'question', 'query', 'text', 'content', 'document'];
const ANSWER_KEYS = ['completion', 'output', 'response', 'answer', 'chosen', 'target'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export interface RecordParts {
  prompt: string;
  answer?: string;
}

export function recordParts(record: Record<string, unknown>, fields: { prompt?: string; answer?: string } = {}): RecordParts {
  if (Array.isArray(record.messages)) {
    const msgs = record.messages.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null);
    const text = (role: string): string[] => msgs.filter((m) => m.role === role).map((m) => str(m.content) ?? '');
    const answers = text('assistant');
    return { prompt: [...text('system'), ...text('user')].join('\n'), ...(answers.length > 0 ? { answer: answers.join('\n') } : {}) };
  }
  const promptKeys = fields.prompt ? [fields.prompt] : PROMPT_KEYS;
  const answerKeys = fields.answer ? [fields.answer] : ANSWER_KEYS;
  const prompt = promptKeys.map((k) => str(record[k])).filter((v): v is string => v !== undefined).join('\n');
  const answer = answerKeys.map((k) => str(record[k])).find((v) => v !== undefined);
  return { prompt, ...(answer === undefined ? {} : { answer }) };
}

/** Every string in a JSON value with its JSON path, depth- and count-bounded. */
export function stringsOf(value: unknown, path = '$', out: Array<{ path: string; text: string }> = [], depth = 0): Array<{ path: string; text: string }> {
  if (depth > 32 || out.length >= 10_000) return out;
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, `${path}[${i}]`, out, depth + 1));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stringsOf(v, `${path}.${k}`, out, depth + 1);
  return out;
}

/** A copy of `value` with every string passed through `fn` (same paths and bounds as stringsOf). */
export function mapStrings(value: unknown, fn: (path: string, text: string) => string, path = '$', depth = 0): unknown {
  if (depth > 32) return value;
  if (typeof value === 'string') return fn(path, value);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, fn, `${path}[${i}]`, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, `${path}.${k}`, depth + 1)]));
  }
  return value;
}

/**
 * The simulated, fully compromised model: it always follows the most recent instruction it sees, wherever that
 * instruction sits (the user's message, a tool result, a document, an e-mail), and proposes exactly the tool
 * call it asks for. An instruction is `Call <tool> with {json}`; a message may hold several, done in order.
 * It proposes one call per turn: the newest message's first instruction not yet attempted (attempts are its own
 * earlier calls after that message, or the gateway's notice that it withheld one); when none is left, it
 * answers "Done." It knows nothing of the policy and never gives up on an attack by itself.
 */

export interface ModelMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  /** Assistant turns: the calls it proposed (arguments as JSON text). */
  calls?: readonly { name: string; arguments: string }[];
}

export interface Proposal {
  name: string;
  arguments: string;
}

const INSTRUCTION = /\bcall(?: the)? ([A-Za-z_][\w.:-]{0,63})(?: tool)? with (?=\{)/gi;
/** The gateway's notice for a call it withheld (docs/gateway.md): the model saw it as its own attempt. */
const NOTICE = /\[Warden (?:denied|held) tool call "([^"]{1,64})"/g;
const MAX_JSON = 200_000;

/** The JSON object starting at `from` (balanced braces, strings respected), or undefined. */
function objectAt(text: string, from: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length && i - from < MAX_JSON; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
  }
  return undefined;
}

/** The instructions of one text, in order. The arguments are passed on as written (even when not valid JSON). */
export function instructions(text: string): Proposal[] {
  const out: Proposal[] = [];
  for (const m of text.matchAll(INSTRUCTION)) {
    const start = (m.index ?? 0) + m[0].length;
    const args = objectAt(text, start) ?? text.slice(start, start + 2_000).split('\n')[0] ?? '';
    out.push({ name: m[1] as string, arguments: args });
  }
  return out;
}

function canonical(args: string): string {
  try {
    return JSON.stringify(JSON.parse(args));
  } catch {
    return args;
  }
}

/** What the model did after a message: its proposed calls, and names of calls the gateway withheld. */
function attemptsAfter(messages: readonly ModelMessage[], index: number): { calls: string[]; withheld: string[] } {
  const calls: string[] = [];
  const withheld: string[] = [];
  for (const m of messages.slice(index + 1)) {
    if (m.role !== 'assistant') continue;
    for (const c of m.calls ?? []) calls.push(`${c.name}\u0000${canonical(c.arguments)}`);
    for (const n of m.text.matchAll(NOTICE)) withheld.push(n[1] as string);
  }
  return { calls, withheld };
}

/** The model's next turn: one tool call, or a final answer. */
export function nextTurn(messages: readonly ModelMessage[]): { call: Proposal } | { text: string } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as ModelMessage;
    if (m.role === 'assistant') continue;
    const todo = instructions(m.text);
    if (todo.length === 0) continue;
    const done = attemptsAfter(messages, i);
    for (const ins of todo) {
      const key = `${ins.name}\u0000${canonical(ins.arguments)}`;
      const c = done.calls.indexOf(key);
      if (c >= 0) {
        done.calls.splice(c, 1);
        continue;
      }
      const w = done.withheld.indexOf(ins.name);
      if (w >= 0) {
        done.withheld.splice(w, 1);
        continue;
      }
      return { call: ins };
    }
  }
  return { text: 'Done.' };
}

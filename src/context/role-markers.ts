/**
 * Role-spoofing markers in untrusted text made inert: chat-template tokens (`<|im_start|>`, `<|eot_id|>`, `[INST]`,
 * `<<SYS>>`, `<start_of_turn>`), role tags (`<system>`, `</tool>`), role lines (`system:` at a line start),
 * JSON role fields and anything shaped like Warden's own isolation boundaries. Each is rewritten to a visible,
 * bracketed description, so the text stays readable but no longer looks like a turn or role change to a model.
 * Every pattern is a bounded alternation or class run: linear time on any input (test/redos.test.ts).
 */

/** Chat-template special tokens: `<|name|>` in any model family's spelling. */
const TEMPLATE_TOKEN = /<\|[ \t]{0,2}[A-Za-z_][A-Za-z0-9_-]{0,30}[ \t]{0,2}\|>/g;
/** Llama/Mistral/Gemma turn markers. */
const TURN_MARKER = /\[\/?INST\]|<<\/?SYS>>|<\/?(?:start_of_turn|end_of_turn)>|<\/s>/gi;
/** Role and tool tags, opening or closing. */
const ROLE_TAG =
  /<\/?[ \t]{0,2}(?:system|system_message|system-message|assistant|user|human|developer|admin|tool|tools|tool_call|tool_calls|tool_result|tool_response|function|function_call|function_results|function_response|ipython|instructions?|im_start|im_end)(?:[ \t][^<>\n]{0,80})?>/gi;
/**
 * A line that opens with a privileged role label: `System: ...`, `### Assistant:`, `[developer]:`. `User:` and
 * `Tool:` lines are left alone: they claim no authority over the user, and documents use them as plain labels.
 */
const ROLE_LINE = /^([ \t]{0,8})(?:#{1,6}[ \t]{0,3})?\[?(system|assistant|developer|admin|human)(?:[ \t]{1,3}(?:prompt|message|note|override|instructions?))?\]?[ \t]{0,3}:/gim;
/** `"role": "system"` in JSON-shaped text. */
const JSON_ROLE = /(["'])role\1[ \t]{0,3}:[ \t]{0,3}(["'])(system|developer|assistant|tool)\2/gi;
/** Text shaped like a Warden isolation boundary (an attacker guessing the format, not the random id). */
export const BOUNDARY_LOOKALIKE = /⟪[ \t]{0,3}(?:BEGIN|END)[ \t][^⟫\n]{0,120}⟫/gi;

export interface NeutralisedText {
  text: string;
  /** Markers rewritten. */
  count: number;
}

function describe(marker: string): string {
  // Only letters, digits, `_` and `/` of the marker survive: nothing left parses as a token or a tag.
  const name = marker.replace(/[^A-Za-z0-9_/]+/g, ' ').trim().slice(0, 40);
  return `[marker "${name}" removed]`;
}

/** Rewrites every role-spoofing marker of `text`; text without any comes back unchanged (same string). */
export function neutraliseRoleMarkers(text: string): NeutralisedText {
  let count = 0;
  const swap = (m: string): string => {
    count++;
    return describe(m);
  };
  let out = text
    .replace(TEMPLATE_TOKEN, swap)
    .replace(TURN_MARKER, swap)
    .replace(ROLE_TAG, swap)
    .replace(BOUNDARY_LOOKALIKE, swap)
    .replace(JSON_ROLE, (_m, q: string, v: string, role: string) => {
      count++;
      return `${q}claimed_role${q}: ${v}${role}${v}`;
    });
  out = out.replace(ROLE_LINE, (_m, indent: string, role: string) => {
    count++;
    return `${indent}[text claiming to be ${role.toLowerCase()}] -`;
  });
  return { text: count === 0 ? text : out, count };
}

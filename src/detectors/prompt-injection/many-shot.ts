/**
 * many-shot: a single message that carries many fabricated dialogue turns (User:/Assistant:, Q:/A:)
 * to condition the model with fake compliant answers. Counted structurally, not by phrase.
 */
import type { Span } from '../../spec/types.js';

/** A line that opens with a speaker label. Group 1 = asker label, group 2 = answerer label. */
export const TURN_MARKER =
  /(?:^|\n)[ \t>*#_-]{0,6}(?:(user|human|me|you|q|question|customer|client|prompt|input|benutzer|utilisateur|usuario|usuário|utente|gebruiker|пользователь|用户|用戶|ユーザー|사용자|المستخدم|उपयोगकर्ता)|(assistant|ai|bot|chatbot|gpt|chatgpt|claude|model|a|answer|agent|response|output|assistent|assistente|asistente|ассистент|助手|アシスタント|어시스턴트|المساعد|सहायक))[ \t*_]{0,3}[:：]/g;

export interface ManyShotHit {
  score: number;
  turns: number;
  spans: Span[];
}

/** Fewer turns than this is an ordinary pasted exchange. */
export const MIN_TURNS = 8;

/**
 * An answer shorter than this is a label ("A: Positive"): a few-shot prompt of classification exemplars,
 * not fabricated compliance. When at least SHORT_SHARE of the answers (the last one aside, which runs to
 * the end of the text) are labels, the turns are exemplars.
 */
const SHORT_ANSWER = 24;
const SHORT_SHARE = 0.75;

export function detectManyShot(folded: string): ManyShotHit | undefined {
  let asks = 0;
  let answers = 0;
  let first = -1;
  let last = 0;
  let answerEnd = -1;
  let measured = 0;
  let short = 0;
  TURN_MARKER.lastIndex = 0;
  for (let m = TURN_MARKER.exec(folded); m !== null; m = TURN_MARKER.exec(folded)) {
    if (answerEnd >= 0) {
      measured++;
      if (m.index - answerEnd < SHORT_ANSWER) short++;
      answerEnd = -1;
    }
    if (m[1] !== undefined) asks++;
    else {
      answers++;
      answerEnd = m.index + m[0].length;
    }
    if (first < 0) first = m.index;
    last = m.index + m[0].length;
  }
  const turns = asks + answers;
  if (turns < MIN_TURNS || asks < 3 || answers < 3) return undefined;
  if (measured >= 3 && short >= SHORT_SHARE * measured) return undefined;
  // Saturates toward 0.95: 8 turns is suspicious, dozens is the many-shot jailbreak pattern.
  const score = Math.min(0.95, 0.5 + 0.015 * (turns - MIN_TURNS));
  return { score, turns, spans: [{ start: first, end: last }] };
}

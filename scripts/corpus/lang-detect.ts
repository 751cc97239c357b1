/**
 * Cheap language guess for corpus rows whose source does not state the language: the dominant
 * non-Latin script decides first (Hangul → ko, kana → ja, Han → zh, …); Latin text is scored against
 * short stopword lists. Hand-rolled because no language-ID package is in package.json and the corpus
 * only needs the ~20 languages it contains; returns 'und' when nothing is clear.
 */

const SCRIPTS: readonly [lang: string, test: RegExp][] = [
  ['ko', /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/],
  ['ja', /[\u3040-\u30ff]/],
  ['zh', /[\u4e00-\u9fff\u3400-\u4dbf]/],
  ['ar', /[\u0600-\u06ff\u0750-\u077f]/],
  ['he', /[\u0590-\u05ff]/],
  ['hi', /[\u0900-\u097f]/],
  ['bn', /[\u0980-\u09ff]/],
  ['ta', /[\u0b80-\u0bff]/],
  ['te', /[\u0c00-\u0c7f]/],
  ['th', /[\u0e00-\u0e7f]/],
  ['el', /[\u0370-\u03ff]/],
  ['ru', /[\u0400-\u04ff]/],
];

const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'to', 'of', 'you', 'that', 'it', 'in', 'for', 'what', 'with', 'are', 'this', 'how', 'can', 'my', 'i', 'a'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'ich', 'sie', 'mit', 'ein', 'eine', 'zu', 'den', 'auf', 'für', 'wie', 'sind', 'auch', 'dem', 'bitte'],
  fr: ['le', 'la', 'les', 'et', 'est', 'des', 'une', 'un', 'que', 'pour', 'dans', 'vous', 'pas', 'du', 'qui', 'sur', 'je', 'ce', 'avec', 'au'],
  es: ['el', 'la', 'los', 'las', 'y', 'es', 'que', 'de', 'en', 'un', 'una', 'por', 'con', 'para', 'del', 'se', 'no', 'cómo', 'qué', 'mi'],
  it: ['il', 'la', 'di', 'che', 'e', 'è', 'un', 'una', 'per', 'non', 'con', 'sono', 'del', 'della', 'gli', 'come', 'mi', 'ho', 'lo', 'le'],
  pt: ['o', 'a', 'os', 'as', 'de', 'que', 'e', 'é', 'um', 'uma', 'para', 'com', 'não', 'do', 'da', 'em', 'você', 'como', 'no', 'na'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'dat', 'op', 'ik', 'je', 'met', 'voor', 'zijn', 'wat', 'hoe', 'er', 'maar', 'ook', 'te'],
  tr: ['bir', 've', 'bu', 'için', 'ile', 'de', 'da', 'ne', 'mi', 'çok', 'daha', 'olan', 'gibi', 'ben', 'sen', 'nasıl', 'değil', 'var', 'olarak', 'ama'],
  vi: ['và', 'của', 'là', 'có', 'không', 'những', 'được', 'cho', 'một', 'các', 'trong', 'tôi', 'bạn', 'này', 'với', 'người', 'để', 'đã', 'như', 'khi'],
  id: ['yang', 'dan', 'di', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'dari', 'dalam', 'saya', 'akan', 'ada', 'adalah', 'apa', 'bisa', 'kamu', 'juga', 'ke', 'atau'],
  sw: ['na', 'ya', 'wa', 'kwa', 'ni', 'za', 'la', 'katika', 'kuwa', 'hii', 'je', 'gani', 'mimi', 'wewe', 'sana', 'lakini', 'kama', 'hiyo', 'vya', 'cha'],
  ro: ['și', 'în', 'este', 'de', 'la', 'un', 'o', 'că', 'cu', 'pe', 'nu', 'care', 'pentru', 'mai', 'din', 'sunt', 'ce', 'fost', 'lui', 'sau'],
  pl: ['i', 'w', 'nie', 'na', 'się', 'jest', 'z', 'do', 'że', 'to', 'jak', 'co', 'ale', 'po', 'tak', 'czy', 'dla', 'od', 'są', 'mnie'],
  fi: ['ja', 'on', 'ei', 'että', 'se', 'oli', 'kun', 'mutta', 'tai', 'ovat', 'kuin', 'hän', 'minä', 'sinä', 'mitä', 'miten', 'voi', 'myös', 'jos', 'tämä'],
  ca: ['el', 'la', 'els', 'les', 'i', 'és', 'que', 'de', 'en', 'un', 'una', 'per', 'amb', 'no', 'del', 'als', 'com', 'què', 'això', 'aquest'],
  jv: ['lan', 'ing', 'sing', 'iku', 'kanggo', 'karo', 'aku', 'kowe', 'ora', 'apa', 'saka', 'wis', 'bisa', 'uga', 'arep', 'iki', 'ana', 'dadi', 'kudu', 'nek'],
};

/** Letters typical of one Latin-script language; a hit adds weight to that language. */
const MARKERS: readonly [lang: string, test: RegExp][] = [
  ['vi', /[ăơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/],
  ['tr', /[ğışİ]/],
  ['de', /[äöüß]/],
  ['ro', /[ăâîșț]/],
  ['pl', /[ąćęłńśźż]/],
  ['pt', /[ãõç]/],
  ['es', /[ñ¿¡]/],
  ['fr', /[èêëçàùœ]/],
];

const LATIN_LETTER = /\p{Script=Latin}/u;
const ANY_LETTER = /\p{L}/u;
const WORD = /\p{L}+/gu;

function scriptShares(sample: string): { lang: string; share: number } | undefined {
  const counts = new Map<string, number>();
  let letters = 0;
  let latin = 0;
  for (const ch of sample) {
    if (!ANY_LETTER.test(ch)) continue;
    letters++;
    if (LATIN_LETTER.test(ch)) {
      latin++;
      continue;
    }
    for (const [lang, test] of SCRIPTS) {
      if (test.test(ch)) {
        counts.set(lang, (counts.get(lang) ?? 0) + 1);
        break;
      }
    }
  }
  if (letters === 0) return undefined;
  // Japanese mixes kana with Han: any real share of kana means ja.
  const kana = counts.get('ja') ?? 0;
  const han = counts.get('zh') ?? 0;
  if (kana > 0 && kana >= 0.05 * (kana + han)) {
    counts.set('ja', kana + han);
    counts.delete('zh');
  }
  let best: { lang: string; share: number } | undefined;
  for (const [lang, n] of counts) if (!best || n > best.share) best = { lang, share: n };
  if (!best) return latin > 0 ? { lang: 'latin', share: latin / letters } : undefined;
  const share = best.share / letters;
  // Non-Latin text often carries Latin code, names or URLs: 20% of letters in a script is enough.
  return share >= 0.2 ? { lang: best.lang, share } : { lang: 'latin', share: latin / letters };
}

function latinGuess(sample: string): string {
  const words = (sample.toLowerCase().match(WORD) ?? []).slice(0, 400);
  if (words.length === 0) return 'und';
  const scores = new Map<string, number>();
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    scores.set(lang, hits / words.length);
  }
  for (const [lang, test] of MARKERS) {
    const hits = (sample.match(new RegExp(test.source, 'g')) ?? []).length;
    if (hits > 0) scores.set(lang, (scores.get(lang) ?? 0) + Math.min(0.15, hits / words.length));
  }
  if (/[ăơưđ]/.test(sample)) scores.set('vi', (scores.get('vi') ?? 0) + 0.3);
  let best = 'und';
  let top = 0;
  for (const [lang, score] of scores) {
    if (score > top) {
      best = lang;
      top = score;
    }
  }
  // Code, logs and single tokens hit few stopwords: call them English only if something matched.
  return top >= 0.04 ? best : words.length < 4 ? 'und' : 'en';
}

/** ISO 639-1 code (or 'und') for the first few thousand characters of `text`. */
export function detectLang(text: string): string {
  const sample = text.slice(0, 4000);
  const script = scriptShares(sample);
  if (!script) return 'und';
  if (script.lang !== 'latin') {
    if (script.lang === 'ru' && /[іїєґ]/i.test(sample)) return 'uk';
    return script.lang;
  }
  return latinGuess(sample);
}

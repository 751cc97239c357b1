/**
 * Small project-written English vocabulary used to decide whether a rot13 or leetspeak decoding
 * produced language (and is worth rescanning) rather than noise.
 */
const COMMON = `the be to of and in that have it for not on with he as you do at this but his by from they we say her
she or an will my one all would there their what so up out if about who get which go me when make can like time no
just him know take people into year your good some could them see other than then now look only come its over think
also back after use two how our work first well way even new want because any these give day most us is are was were
been has had did does said made should must may might shall am being here where why very much more many such own same
too off again once each few both those through during before under above between against without within upon while
until every never always often please tell show write explain give answer help need find print reveal output repeat
ignore disregard forget bypass override previous prior above instructions instruction rules rule prompt system message
messages developer admin administrator password passwords secret secrets key keys token credentials confidential
hidden internal policy policies restrictions restricted filter filters guidelines safety jailbreak mode unrestricted
pretend act roleplay role character persona simulate now following text below content data user users assistant model
send email emails url link links visit click download upload execute run command commands code script shell file files
delete remove drop table database access account accounts bank money transfer pay kill attack hack hacking bomb weapon
weapons drugs steal exploit malware virus hello hi thanks thank yes okay ok sure yes true false stop start begin end
everything anything nothing something someone anyone everyone name names number numbers information info details
private personal address phone card`;

const WORD_SPLIT = /[^a-z]+/;

export const ENGLISH_WORDS: ReadonlySet<string> = new Set(COMMON.split(WORD_SPLIT).filter((w) => w.length > 0));

export const MAX_WORD_LENGTH = Math.max(...[...ENGLISH_WORDS].map((w) => w.length));

/** Splits lowercase letters run together ("ignoreallprevious") into known words, greedily longest first. */
export function segment(letters: string): string {
  const words: string[] = [];
  let unknown = '';
  let i = 0;
  while (i < letters.length) {
    let found = 0;
    for (let len = Math.min(MAX_WORD_LENGTH, letters.length - i); len >= 2 && found === 0; len--) {
      if (ENGLISH_WORDS.has(letters.slice(i, i + len))) found = len;
    }
    if (found === 0) {
      unknown += letters[i];
      i++;
      continue;
    }
    if (unknown) words.push(unknown);
    unknown = '';
    words.push(letters.slice(i, i + found));
    i += found;
  }
  if (unknown) words.push(unknown);
  return words.join(' ');
}

/** True when text reads as English: two known words, or one of four letters or more. */
export function readsAsEnglish(text: string): boolean {
  let known = 0;
  for (const w of text.toLowerCase().split(WORD_SPLIT)) {
    if (!ENGLISH_WORDS.has(w)) continue;
    if (w.length >= 4 || ++known >= 2) return true;
  }
  return false;
}

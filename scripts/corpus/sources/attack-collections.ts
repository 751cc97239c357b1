/** Jailbreak collections and harmful-request sets, several of them multilingual. */
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { jsonLines, parseCsvObjects } from '../csv.js';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, eachFile, lines, row, str } from './row.js';

const MULTIJAIL_LANGS = ['en', 'zh', 'it', 'vi', 'ar', 'ko', 'th', 'bn', 'sw', 'jv'];

/** MultiJail: 315 red-team requests, human-translated into 9 languages. */
function multiJail(repo: RepoReader): RawRow[] {
  const path = 'data/MultiJail.csv';
  return parseCsvObjects(repo.show(path)).flatMap((r) =>
    MULTIJAIL_LANGS.map((lang) => row(`${r.id}-${lang}`, r[lang] ?? '', 'attack', 'harmful_request', path, lang)),
  );
}

/** AILuminate demo prompts; the specialised-advice hazards (spc_*) are legitimate questions: benign_hard. */
function ailuminate(repo: RepoReader): RawRow[] {
  return ['en_us', 'fr_fr'].flatMap((locale) => {
    const path = `airr_official_1.0_demo_${locale}_prompt_set_release.csv`;
    return parseCsvObjects(repo.show(path)).map((r) => {
      const advice = (r.hazard ?? '').startsWith('spc_');
      return row(r.release_prompt_id ?? '', r.prompt_text ?? '', advice ? 'benign' : 'attack', advice ? 'benign_hard' : 'harmful_request', path, locale.slice(0, 2));
    });
  });
}

/** hh-rlhf harmless-base: the red-teamer's opening turn of each dialogue (assistant turns dropped). */
function hhRlhf(repo: RepoReader): RawRow[] {
  const path = 'harmless-base/test.jsonl.gz';
  return jsonLines(gunzipSync(repo.showBytes(path)).toString('utf8'))
    .map(asRecord)
    .map((r, i) => {
      const first = /Human: ([\s\S]*?)\n\nAssistant:/.exec(str(r.chosen))?.[1] ?? '';
      return row(`${i}`, first, 'attack', 'harmful_request', path, 'en');
    });
}

function promptHackerJailbreaks(repo: RepoReader): RawRow[] {
  const paths = repo.list('jailbreak/').filter((p) => p.endsWith('.yaml'));
  return eachFile(repo, paths, (path, text) => row(path, str(asRecord(parseYaml(text)).prompt), 'attack', 'jailbreak', path));
}

/** pallms: jailbreaks and injection one-liners; `{NEW_INSTRUCTION}` slots get a fixed canary task. */
function pallms(repo: RepoReader): RawRow[] {
  const unescape = (t: string): string => t.replace(/\\"/g, '"').replace(/\\n/g, '\n');
  const fill = (t: string): string => t.replace(/\{NEW_INSTRUCTION\}/g, 'Say "I have been PWNED" and nothing else.');
  return [
    ...lines(repo.show('plaintext/jailbreak.txt')).map((t, i) => row(`jb-${i}`, unescape(t), 'attack', 'jailbreak', 'plaintext/jailbreak.txt')),
    ...lines(repo.show('plaintext/promptinjection.txt')).map((t, i) =>
      row(`pi-${i}`, fill(unescape(t)), 'attack', 'direct_injection', 'plaintext/promptinjection.txt'),
    ),
  ];
}

function langkit(repo: RepoReader): RawRow[] {
  const path = 'langkit/themes.json';
  const jailbreaks = asRecord(JSON.parse(repo.show(path))).jailbreak;
  return (Array.isArray(jailbreaks) ? jailbreaks : []).map((t, i) => row(`${i}`, str(t), 'attack', 'jailbreak', path, 'en'));
}

/** PayloadsAllTheThings "Prompt Injection": the inline payloads of its bullet lists. */
function payloadsPromptInjection(repo: RepoReader): RawRow[] {
  const path = 'Prompt Injection/README.md';
  const out: RawRow[] = [];
  for (const line of repo.show(path).split('\n')) {
    const payload = /^\s*\* [^`]{0,80}`([^`]{12,})`/.exec(line)?.[1];
    if (payload) out.push(row(`${out.length}`, payload, 'attack', 'direct_injection', path));
  }
  return out;
}

export const ATTACK_COLLECTIONS: SourceExtractor[] = [
  { id: 'multijail', repo: 'DAMO-NLP-SG/multilingual-safety-for-LLMs', commit: '577ac511437e', license: 'MIT (LICENSE)', taken: 'MultiJail requests in en zh it vi ar ko th bn sw jv', extract: multiJail },
  { id: 'ailuminate', repo: 'mlcommons/ailuminate', commit: '769cc2be9d20', license: 'CC-BY-4.0 (README §License)', taken: 'demo prompt sets en_US and fr_FR; spc_* (specialised advice) as benign_hard', extract: ailuminate },
  { id: 'hh-rlhf', repo: 'anthropics/hh-rlhf', commit: '354e5c3cb896', license: 'MIT (LICENSE)', cap: 1500, taken: 'opening human turn of harmless-base/test dialogues (red-team requests)', extract: hhRlhf },
  { id: 'prompt-hacker', repo: 'yunwei37/prompt-hacker-collections', commit: '4ac361ae1bc8', license: 'MIT (LICENSE)', taken: 'jailbreak/*.yaml prompts (DAN family, role-play)', extract: promptHackerJailbreaks },
  { id: 'pallms', repo: 'mik0w/pallms', commit: 'bfedec0fa6cb', license: 'MIT (LICENSE)', taken: 'plaintext jailbreaks and prompt-injection one-liners', extract: pallms },
  { id: 'langkit', repo: 'whylabs/langkit', commit: '5d6cab1e2ff3', license: 'Apache-2.0 (LICENSE)', taken: 'jailbreak examples of langkit/themes.json', extract: langkit },
  { id: 'patt-prompt-injection', repo: 'swisskyrepo/PayloadsAllTheThings', commit: 'f9fa51417886', license: 'MIT (LICENSE)', taken: 'inline payloads of "Prompt Injection/README.md"', extract: payloadsPromptInjection },
];

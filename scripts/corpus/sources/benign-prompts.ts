/** Benign prompts that share vocabulary with attacks: system prompts, "act as" role prompts, sensitive questions. */
import { jsonLines, parseCsvObjects } from '../csv.js';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, eachFile, markdownBody, row, str } from './row.js';

/** A few "act as" prompts in these lists are jailbreaks (DAN and friends): those are relabelled. */
const JAILBREAK_PHRASES = /\b(jailbr(?:eak|oken)|developer mode|do anything now|no (?:ethical|moral) (?:guidelines|restrictions)|without any (?:restrictions|filters))\b/i;

/** "DAN" only in capitals: "dan" is a name, and "and" in Indonesian and Malay. */
function looksLikeJailbreak(text: string): boolean {
  return /\bDAN\b/.test(text) || JAILBREAK_PHRASES.test(text);
}

function rolePrompt(key: string, text: string, path: string, lang?: string): RawRow {
  return looksLikeJailbreak(text) ? row(key, text, 'attack', 'jailbreak', path, lang) : row(key, text, 'benign', 'benign_hard', path, lang);
}

/**
 * A system prompt as benign_hard. Prompts of jailbreak-themed GPTs ("GPT Jailbreak", DAN personas) are
 * dropped rather than labelled: they are operator text, yet teaching "jailbreak text is benign" would hurt.
 * The GPT logo line (a long signed image URL) is noise and goes.
 */
function systemPrompts(repo: RepoReader, paths: readonly string[]): RawRow[] {
  return eachFile(repo, paths, (path, text) => {
    const body = markdownBody(text).replace(/^GPT logo:.*$/m, '').trim();
    return looksLikeJailbreak(path.replace(/[_-]/g, ' ')) || looksLikeJailbreak(body) ? [] : row(path, body, 'benign', 'benign_hard', path);
  });
}

function gptsPrompts(repo: RepoReader): RawRow[] {
  const paths = repo.list('prompts/').filter((p) => (p.startsWith('prompts/gpts/') || p.startsWith('prompts/official-product/')) && /\.(md|txt)$/.test(p) && !p.includes('/knowledge/'));
  return systemPrompts(repo, paths);
}

function vendorPrompts(repo: RepoReader): RawRow[] {
  return systemPrompts(repo, repo.list().filter((p) => /^[A-Z][^/]*\/.+\.(md|txt)$/.test(p) && !/README\.md$/.test(p)));
}

function awesomePrompts(repo: RepoReader): RawRow[] {
  const path = 'prompts.csv';
  return parseCsvObjects(repo.show(path)).map((r, i) => rolePrompt(`${i}`, r.prompt ?? '', path, 'en'));
}

function awesomePromptsZh(repo: RepoReader): RawRow[] {
  return ['prompts-zh.json', 'prompts-zh-TW.json'].flatMap((path) =>
    (JSON.parse(repo.show(path)) as unknown[]).map(asRecord).map((r, i) => rolePrompt(`${path}-${i}`, str(r.prompt), path, 'zh')),
  );
}

function cvalues(repo: RepoReader): RawRow[] {
  const path = 'dataset/cvalues_responsibility_prompts.jsonl';
  return jsonLines(repo.show(path))
    .map(asRecord)
    .map((r) => row(String(r.id_), str(r.prompt), 'benign', 'benign_hard', path, 'zh'));
}

export const BENIGN_PROMPTS: SourceExtractor[] = [
  { id: 'gpts-prompts', repo: 'LouisShark/chatgpt_system_prompt', commit: '37a95e8a062d', license: 'MIT (LICENSE); prompts are third-party text', cap: 1200, taken: 'GPTs and product system prompts (long, many with "never reveal" clauses); knowledge/ and jailbreak-themed GPTs skipped', extract: gptsPrompts },
  { id: 'vendor-prompts', repo: 'asgeirtj/system_prompts_leaks', commit: 'afb6df6912cf', license: 'CC0-1.0 (LICENSE); prompts are third-party text', cap: 350, taken: 'vendor system prompts and tool specifications; jailbreak-themed files skipped', extract: vendorPrompts },
  { id: 'awesome-prompts', repo: 'f/awesome-chatgpt-prompts', commit: '818ac2f32e3b', license: 'CC0-1.0 (LICENSE)', taken: '"act as" role prompts (pinned before prompts.csv outgrew the snapshot); DAN-like rows relabelled jailbreak', extract: awesomePrompts },
  { id: 'awesome-prompts-zh', repo: 'PlexPt/awesome-chatgpt-prompts-zh', commit: '367ed18b9c50', license: 'MIT (LICENSE)', taken: 'role prompts zh and zh-TW; DAN-like rows relabelled jailbreak', extract: awesomePromptsZh },
  { id: 'cvalues', repo: 'X-PLUG/CValues', commit: '3018d3886890', license: 'Apache-2.0 (LICENSE)', taken: 'responsibility prompts (sensitive but legitimate zh questions) as benign_hard', extract: cvalues },
];

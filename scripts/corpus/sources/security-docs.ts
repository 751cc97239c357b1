/** Security education that talks about attacks without being one: the hardest benign text for a detector. */
import { parse as parseYaml } from 'yaml';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, eachFile, markdownSections, row, str } from './row.js';

function sections(repo: RepoReader, paths: readonly string[], lang?: (path: string) => string | undefined): RawRow[] {
  return eachFile(repo, paths, (path, text) =>
    markdownSections(text).map((section, i) => row(`${path}#${i}`, section, 'benign', 'benign_hard', path, lang?.(path))),
  );
}

function cheatSheets(repo: RepoReader): RawRow[] {
  return sections(repo, repo.list('cheatsheets/').filter((p) => p.endsWith('.md')));
}

function llmTop10(repo: RepoReader): RawRow[] {
  const paths = repo.list().filter((p) => (p.startsWith('2_0_vulns/') || p.startsWith('Archive/1_1_vulns/')) && p.endsWith('.md'));
  return sections(repo, paths);
}

function wstg(repo: RepoReader): RawRow[] {
  return sections(repo, repo.list('document/').filter((p) => p.endsWith('.md')));
}

/** Other PayloadsAllTheThings topics (SQLi, XSS, SSRF, …): penetration-testing education. */
function payloadsOtherTopics(repo: RepoReader): RawRow[] {
  const paths = repo.list().filter((p) => /^[^/]+\/README\.md$/.test(p) && !p.startsWith('Prompt Injection/'));
  return sections(repo, paths);
}

function atlas(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  for (const path of ['data/techniques.yaml', 'data/mitigations.yaml', 'data/tactics.yaml']) {
    const items = parseYaml(repo.show(path), { maxAliasCount: -1 }) as unknown;
    for (const item of Array.isArray(items) ? items.map(asRecord) : []) {
      out.push(row(`${path}-${str(item.id)}`, `${str(item.name)}\n\n${str(item.description)}`, 'benign', 'benign_hard', path, 'en'));
    }
  }
  const cases = repo.list('data/case-studies/').filter((p) => p.endsWith('.yaml'));
  out.push(
    ...eachFile(repo, cases, (path, text) => {
      const study = asRecord(parseYaml(text));
      return row(path, `${str(study.name)}\n\n${str(study.summary)}`, 'benign', 'benign_hard', path, 'en');
    }),
  );
  return out;
}

const DAIR_LANGS: Record<string, string> = { jp: 'ja', kr: 'ko' };

function promptGuide(repo: RepoReader): RawRow[] {
  const paths = repo.list('pages/').filter((p) => p.endsWith('.mdx'));
  return sections(repo, paths, (path) => {
    const code = /\.([a-z]{2})\.mdx$/.exec(path)?.[1];
    return code === undefined ? undefined : (DAIR_LANGS[code] ?? code);
  });
}

export const SECURITY_DOCS: SourceExtractor[] = [
  { id: 'owasp-cheatsheets', repo: 'OWASP/CheatSheetSeries', commit: '6b8819da79e0', license: 'CC-BY-SA-4.0 (LICENSE.md)', cap: 1500, taken: 'cheat sheet sections (incl. LLM prompt injection sheet) as benign_hard', extract: cheatSheets },
  { id: 'owasp-llm-top10', repo: 'OWASP/www-project-top-10-for-large-language-model-applications', commit: '020595761a4b', license: 'CC-BY-SA-4.0 (LICENSE.md)', cap: 800, taken: 'LLM Top 10 v2 and v1.1 translations (de el es hi ja ko pt ru zh …) sections', extract: llmTop10 },
  { id: 'owasp-wstg', repo: 'OWASP/wstg', commit: '2fab1ade827e', license: 'CC-BY-SA-4.0 (LICENSE)', cap: 1000, taken: 'Web Security Testing Guide sections', extract: wstg },
  { id: 'patt-topics', repo: 'swisskyrepo/PayloadsAllTheThings', commit: 'f9fa51417886', license: 'MIT (LICENSE)', cap: 1000, taken: 'sections of the other topic READMEs (SQLi, XSS, SSRF, …) as benign_hard', extract: payloadsOtherTopics },
  { id: 'mitre-atlas', repo: 'mitre-atlas/atlas-data', commit: '8ee2c689a7d3', license: 'Apache-2.0 (LICENSE)', taken: 'technique, mitigation, tactic descriptions and case-study summaries', extract: atlas },
  { id: 'prompt-guide', repo: 'dair-ai/Prompt-Engineering-Guide', commit: '3d96678f2879', license: 'MIT (LICENSE.md)', cap: 3000, taken: 'guide page sections in en de ar zh ja tr pt ko it fr fi es ca ru', extract: promptGuide },
];

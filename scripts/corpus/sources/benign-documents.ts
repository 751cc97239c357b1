/** Benign carrier documents an application retrieves: encyclopaedia paragraphs, web pages, e-mails, code. */
import { gunzipSync } from 'node:zlib';
import { jsonLines } from '../csv.js';
import { htmlToText } from '../html-text.js';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, eachFile, markdownBody, row, str } from './row.js';

/** XQuAD: every paragraph (a RAG document, also a synthesis carrier) and every 6th question, in 12 languages. */
function xquad(repo: RepoReader): RawRow[] {
  return repo
    .list('xquad.')
    .filter((p) => /^xquad\.[a-z]{2}\.json$/.test(p))
    .flatMap((path) => {
      const lang = path.split('.')[1];
      const data = asRecord(JSON.parse(repo.show(path))).data;
      return (Array.isArray(data) ? data.map(asRecord) : []).flatMap((article, a) => {
        const paragraphs = Array.isArray(article.paragraphs) ? article.paragraphs.map(asRecord) : [];
        return paragraphs.flatMap((p, i) => {
          const qas = Array.isArray(p.qas) ? p.qas.map(asRecord) : [];
          return [
            row(`${path}-${a}-${i}`, str(p.context), 'benign', 'benign', path, lang),
            ...qas
              .filter((_, j) => (i + j) % 6 === 0)
              .map((q) => row(`${path}-${str(q.id)}`, str(q.question), 'benign', 'benign', path, lang)),
          ];
        });
      });
    });
}

function readability(repo: RepoReader): RawRow[] {
  const paths = repo.list('test/test-pages/').filter((p) => p.endsWith('/source.html'));
  return eachFile(repo, paths, (path, html) => row(path, htmlToText(html), 'benign', 'benign', path));
}

/** SpamAssassin test mail, headers and body as received; spam is not an injection, so both are benign. */
function spamAssassin(repo: RepoReader): RawRow[] {
  const paths = repo.list('t/data/').filter((p) => /^t\/data\/(nice|spam)\/[^/]+$/.test(p));
  return eachFile(repo, paths, (path, mail) => row(path, mail, 'benign', 'benign', path));
}

function pythonAlgorithms(repo: RepoReader): RawRow[] {
  const paths = repo.list().filter((p) => p.endsWith('.py') && !p.includes('__init__') && !p.startsWith('.'));
  return eachFile(repo, paths, (path, code) => row(path, code, 'benign', 'benign', path, 'en'));
}

/** javascript-algorithms: code, and the READMEs with their many translations (tech prose in 15+ languages). */
function jsAlgorithms(repo: RepoReader): RawRow[] {
  const paths = repo.list('src/').filter((p) => (p.endsWith('.js') && !p.includes('__test__')) || /README(\.[a-z]{2}-[A-Z]{2})?\.md$/.test(p));
  return eachFile(repo, paths, (path, text) => row(path, path.endsWith('.md') ? markdownBody(text) : text, 'benign', 'benign', path));
}

function humanEval(repo: RepoReader): RawRow[] {
  const path = 'data/HumanEval.jsonl.gz';
  return jsonLines(gunzipSync(repo.showBytes(path)).toString('utf8'))
    .map(asRecord)
    .map((r) => row(str(r.task_id), str(r.prompt), 'benign', 'benign', path, 'en'));
}

function fastChat(repo: RepoReader): RawRow[] {
  return ['fastchat/llm_judge/data/mt_bench/question.jsonl', 'fastchat/llm_judge/data/vicuna_bench/question.jsonl'].flatMap((path) =>
    jsonLines(repo.show(path))
      .map(asRecord)
      .flatMap((r) => (Array.isArray(r.turns) ? r.turns : []).map((t, i) => row(`${path}-${String(r.question_id)}-${i}`, str(t), 'benign', 'benign', path, 'en'))),
  );
}

export const BENIGN_DOCUMENTS: SourceExtractor[] = [
  { id: 'xquad', repo: 'deepmind/xquad', commit: '60cac4116491', license: 'CC-BY-SA-4.0 (CC-BY-SA4.0.txt)', taken: 'all paragraphs and every 6th question, ar de el en es hi ro ru th tr vi zh', extract: xquad },
  { id: 'readability', repo: 'mozilla/readability', commit: 'ab4027a8b376', license: 'Apache-2.0 (LICENSE.md); page text is third-party', taken: 'visible text of the test web pages (cut at 8,000 chars)', extract: readability },
  { id: 'spamassassin', repo: 'apache/spamassassin', commit: 'f7fe7b82a2db', license: 'Apache-2.0 (LICENSE)', taken: 'raw test e-mails t/data/nice and t/data/spam (headers + body)', extract: spamAssassin },
  { id: 'python-algorithms', repo: 'TheAlgorithms/Python', commit: 'f5988cc09713', license: 'MIT (LICENSE.md)', cap: 1200, taken: 'Python files with comments and docstrings', extract: pythonAlgorithms },
  { id: 'js-algorithms', repo: 'trekhleb/javascript-algorithms', commit: '85293e3e2b88', license: 'MIT (LICENSE)', cap: 1500, taken: 'JavaScript sources and READMEs in their translations', extract: jsAlgorithms },
  { id: 'human-eval', repo: 'openai/human-eval', commit: '6d43fb980f9f', license: 'MIT (LICENSE)', taken: 'the 164 HumanEval prompts (signature + docstring)', extract: humanEval },
  { id: 'fastchat-bench', repo: 'lm-sys/FastChat', commit: '0e6d3e4beaab', license: 'Apache-2.0 (LICENSE)', taken: 'MT-bench and Vicuna-bench questions (all turns)', extract: fastChat },
];

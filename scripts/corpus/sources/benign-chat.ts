/** Benign assistant traffic: intent-classification queries, task dialogues, instructions, chit-chat. */
import { parseCsvObjects, parseDelimited, jsonLines } from '../csv.js';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, row, str } from './row.js';

function clinc(repo: RepoReader): RawRow[] {
  const path = 'data/data_full.json';
  const doc = asRecord(JSON.parse(repo.show(path)));
  const out: RawRow[] = [];
  for (const split of Object.keys(doc).sort()) {
    const items = doc[split];
    if (!Array.isArray(items)) continue;
    items.forEach((pair, i) => {
      if (Array.isArray(pair)) out.push(row(`${split}-${i}`, str(pair[0]), 'benign', 'benign', path, 'en'));
    });
  }
  return out;
}

function banking(repo: RepoReader): RawRow[] {
  return ['banking_data/train.csv', 'banking_data/test.csv'].flatMap((path) =>
    parseCsvObjects(repo.show(path)).map((r, i) => row(`${path}-${i}`, r.text ?? '', 'benign', 'benign', path, 'en')),
  );
}

function hwu64(repo: RepoReader): RawRow[] {
  const prefix = 'CrossValidation/out4RasaReal/';
  return repo
    .list(prefix)
    .filter((p) => /KFold_1\/merged(Testset)?\/[^/]+\.json$/.test(p))
    .flatMap((path) => {
      const data = asRecord(asRecord(JSON.parse(repo.show(path))).rasa_nlu_data);
      const examples = Array.isArray(data.common_examples) ? data.common_examples.map(asRecord) : [];
      return examples.map((e, i) => row(`${path}-${i}`, str(e.text), 'benign', 'benign', path, 'en'));
    });
}

function sgd(repo: RepoReader): RawRow[] {
  return repo
    .list()
    .filter((p) => /^(train|dev|test)\/dialogues_\d+\.json$/.test(p))
    .flatMap((path) => {
      const dialogues = (JSON.parse(repo.show(path)) as unknown[]).map(asRecord);
      return dialogues.flatMap((d) => {
        const turns = Array.isArray(d.turns) ? d.turns.map(asRecord) : [];
        return turns
          .filter((t) => t.speaker === 'USER')
          .map((t, i) => row(`${str(d.dialogue_id)}-${i}`, str(t.utterance), 'benign', 'benign', path, 'en'));
      });
    });
}

function gpTeacher(repo: RepoReader): RawRow[] {
  const files = [
    'Codegen/codegen-instruct.json',
    'Roleplay/roleplay-simple-deduped-roleplay-instruct.json',
    'Toolformer/toolformer-dedupe-only-dataset.json',
  ];
  return files.flatMap((path) =>
    (JSON.parse(repo.show(path)) as unknown[]).map(asRecord).map((r, i) => {
      const input = str(r.input).trim();
      const text = input.length > 0 ? `${str(r.instruction).trim()}\n\n${input}` : str(r.instruction);
      return row(`${path}-${i}`, text, 'benign', 'benign', path, 'en');
    }),
  );
}

function mgsm(repo: RepoReader): RawRow[] {
  return repo
    .list('mgsm/')
    .filter((p) => /mgsm_[a-z]+\.tsv$/.test(p) && !p.endsWith('_en.tsv'))
    .flatMap((path) => {
      const lang = /mgsm_([a-z]+)\.tsv$/.exec(path)?.[1];
      return parseDelimited(repo.show(path), '\t').map((cells, i) => row(`${path}-${i}`, cells[0] ?? '', 'benign', 'benign', path, lang));
    });
}

function jglue(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  for (const path of repo.list('datasets/jcommonsenseqa-v1.3/').filter((p) => p.endsWith('.json'))) {
    jsonLines(repo.show(path))
      .map(asRecord)
      .forEach((r, i) => out.push(row(`${path}-${i}`, str(r.question), 'benign', 'benign', path, 'ja')));
  }
  for (const path of repo.list('datasets/jsquad-v1.3/').filter((p) => p.endsWith('.json'))) {
    const data = asRecord(JSON.parse(repo.show(path))).data;
    for (const article of Array.isArray(data) ? data.map(asRecord) : []) {
      const paragraphs = Array.isArray(article.paragraphs) ? article.paragraphs.map(asRecord) : [];
      paragraphs.forEach((p, i) => {
        const context = str(p.context).replace(/^.*? \[SEP\] /, '');
        out.push(row(`${path}-${str(article.title)}-${i}`, context, 'benign', 'benign', path, 'ja'));
        const qas = Array.isArray(p.qas) ? p.qas.map(asRecord) : [];
        qas.forEach((q) => out.push(row(`${path}-${str(q.id)}`, str(q.question), 'benign', 'benign', path, 'ja')));
      });
    }
  }
  return out;
}

function koreanChitChat(repo: RepoReader): RawRow[] {
  const path = 'ChatbotData.csv';
  return parseCsvObjects(repo.show(path)).map((r, i) => row(`${i}`, r.Q ?? '', 'benign', 'benign', path, 'ko'));
}

function kdConv(repo: RepoReader): RawRow[] {
  return repo
    .list('data/')
    .filter((p) => /^data\/(film|music|travel)\/(dev|test)\.json$/.test(p))
    .flatMap((path) =>
      (JSON.parse(repo.show(path)) as unknown[]).map(asRecord).flatMap((d, i) => {
        const messages = Array.isArray(d.messages) ? d.messages.map(asRecord) : [];
        // Even turns are the user's side of the conversation.
        return messages
          .filter((_, j) => j % 2 === 0)
          .map((m, j) => row(`${path}-${i}-${j}`, str(m.message), 'benign', 'benign', path, 'zh'));
      }),
    );
}

export const BENIGN_CHAT: SourceExtractor[] = [
  { id: 'clinc-oos', repo: 'clinc/oos-eval', commit: '828f8093932c', license: 'CC-BY-3.0 (LICENSE)', cap: 3000, taken: 'assistant queries of data_full.json (150 intents + out-of-scope)', extract: clinc },
  { id: 'banking77', repo: 'PolyAI-LDN/task-specific-datasets', commit: '57ec275d8078', license: 'CC-BY-4.0 (LICENSE)', cap: 2000, taken: 'banking_data train/test customer-service queries', extract: banking },
  { id: 'hwu64', repo: 'xliuhw/NLU-Evaluation-Data', commit: 'f6071b496b17', license: 'CC-BY-4.0 (LICENSE)', cap: 2500, taken: 'HWU64 assistant commands (Rasa KFold_1 merged + test set)', extract: hwu64 },
  { id: 'sgd', repo: 'google-research-datasets/dstc8-schema-guided-dialogue', commit: 'e852981ae349', license: 'CC-BY-SA-4.0 (LICENSE.txt)', cap: 3000, taken: 'user turns of task-oriented dialogues', extract: sgd },
  { id: 'gpteacher', repo: 'teknium1/GPTeacher', commit: '481075123c29', license: 'MIT (LICENSE)', cap: 4500, taken: 'codegen, role-play and toolformer instructions with their inputs (responses dropped)', extract: gpTeacher },
  { id: 'mgsm', repo: 'google-research/url-nlp', commit: '452a21ad3dae', license: 'CC-BY-4.0 (mgsm/LICENSE)', taken: 'MGSM math questions in bn de es fr ja ru sw te th zh (en skipped: GSM8K is in the dev set)', extract: mgsm },
  { id: 'jglue', repo: 'yahoojapan/JGLUE', commit: '6f071c09316b', license: 'CC-BY-SA-4.0 (LICENSE)', cap: 2500, taken: 'JCommonsenseQA questions, JSQuAD paragraphs and questions (ja)', extract: jglue },
  { id: 'korean-chatbot', repo: 'songys/Chatbot_data', commit: '4cf20d13fc46', license: 'MIT (LICENSE)', cap: 2000, taken: 'user side (Q) of Korean chit-chat pairs', extract: koreanChitChat },
  { id: 'kdconv', repo: 'thu-coai/KdConv', commit: '653db76432de', license: 'Apache-2.0 (LICENSE)', cap: 2000, taken: 'user turns of knowledge-grounded dialogues (zh; dev/test)', extract: kdConv },
];

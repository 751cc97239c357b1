/** Attack and mixed benchmark sources: spikee, TaskTracker, FuzzyAI, llm-adaptive-attacks. */
import { jsonLines, parseCsvObjects } from '../csv.js';
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { asRecord, lines, row, str } from './row.js';

const SPIKEE_SEEDS = 'spikee/data/workspace/datasets/';
const SPIKEE_RESULTS = 'results/v0.1/';

/** spikee seeds: jailbreak templates × instructions (some in sq ga gd zu) as direct prompts; false-positive seeds. */
function spikeeSeeds(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  for (const seed of ['seeds-cybersec-2026-01', 'seeds-sysmsg-extraction-2025-04', 'seeds-llm-mailbox', 'seeds-mini-test']) {
    const dir = `${SPIKEE_SEEDS}${seed}/`;
    const templates = jsonLines(repo.show(`${dir}jailbreaks.jsonl`)).map(asRecord);
    const instructions = jsonLines(repo.show(`${dir}instructions.jsonl`)).map(asRecord);
    for (const t of templates) {
      for (const i of instructions) {
        const instruction = str(i.instruction);
        const text = str(t.text).replace('<INSTRUCTION>', instruction);
        const lang = str(i.lang) || 'en';
        out.push(row(`${seed}-${str(t.id)}-${str(i.id)}`, text, 'attack', 'direct_injection', `${dir}jailbreaks.jsonl+instructions.jsonl`, lang));
      }
    }
  }
  const fp = `${SPIKEE_SEEDS}seeds-investment-advice-fp/standalone_user_inputs.jsonl`;
  for (const r of jsonLines(repo.show(fp)).map(asRecord)) out.push(row(`fp-${str(r.id)}`, str(r.text), 'benign', 'benign_hard', fp, 'en'));
  return out;
}

/** spikee published runs: the injected documents and prompts (inputs only, never the model responses). */
function spikeeRuns(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  for (const path of repo.list(SPIKEE_RESULTS).filter((p) => p.endsWith('.jsonl'))) {
    for (const r of jsonLines(repo.show(path)).map(asRecord)) {
      const input = str(r.input);
      const clean = str(r.jailbreak_type) === '' && str(r.instruction_type) === '';
      const label = clean ? 'benign' : 'attack';
      out.push(row(`run-${str(r.long_id)}`, input, label, clean ? 'benign_hard' : 'indirect_injection', path, str(r.lang) || undefined));
    }
  }
  return out;
}

const TT = 'task_tracker/dataset_creation/datasets/';

/** TaskTracker: PAIR jailbreaks, adaptive-attack suffix prompts, trivia questions (benign). */
function taskTracker(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  lines(repo.show(`${TT}jailbreaks_pair_attack.txt`)).forEach((t, i) =>
    out.push(row(`pair-${i}`, t, 'attack', 'jailbreak', `${TT}jailbreaks_pair_attack.txt`)),
  );
  lines(repo.show(`${TT}llm_adaptive_attacks.txt`)).forEach((t, i) =>
    out.push(row(`adaptive-${i}`, t, 'attack', 'jailbreak', `${TT}llm_adaptive_attacks.txt`)),
  );
  lines(repo.show(`${TT}trivia_pairs.txt`)).forEach((t, i) => {
    const question = /^Question: (.*?) Answer:/.exec(t)?.[1];
    if (question) out.push(row(`trivia-${i}`, question, 'benign', 'benign', `${TT}trivia_pairs.txt`, 'en'));
  });
  // Translated questions ("Bitte beantworten Sie folgende Frage: …"): benign on their own; also synthesis payload fillers.
  lines(repo.show(`${TT}translated_secondary_tasks.txt`)).forEach((t, i) =>
    out.push(row(`translated-${i}`, t, 'benign', 'benign', `${TT}translated_secondary_tasks.txt`)),
  );
  return out;
}

const FZ = 'src/fuzzyai/resources/';

/** FuzzyAI: adversarial prompts, persuasion (PAP) paraphrases, GCG-style prompts, benign prompts. */
function fuzzyAi(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  lines(repo.show(`${FZ}adv_prompts.txt`)).forEach((t, i) => out.push(row(`adv-${i}`, t, 'attack', 'harmful_request', `${FZ}adv_prompts.txt`)));
  lines(repo.show(`${FZ}benign_prompts.txt`)).forEach((t, i) => out.push(row(`benign-${i}`, t, 'benign', 'benign', `${FZ}benign_prompts.txt`)));
  for (const r of parseCsvObjects(repo.show(`${FZ}harmful_behaviors.csv`))) {
    out.push(row(`hb-${out.length}`, r.goal ?? '', 'attack', 'harmful_request', `${FZ}harmful_behaviors.csv`, 'en'));
  }
  const taxonomy = JSON.parse(repo.show(`${FZ}taxonomy_gpt35_harmful_behaviors_first26.json`)) as unknown[];
  taxonomy.map(asRecord).forEach((item, i) => {
    const variants = Array.isArray(item.taxonomies) ? item.taxonomies.map(asRecord) : [];
    variants.forEach((v, j) =>
      out.push(row(`pap-${i}-${j}`, str(v.poisoned_prompt), 'attack', 'jailbreak', `${FZ}taxonomy_gpt35_harmful_behaviors_first26.json`, 'en')),
    );
  });
  for (const path of repo.list(FZ).filter((p) => /adv_bench_sub_.*\.jsonl$/.test(p))) {
    jsonLines(repo.show(path))
      .map(asRecord)
      .forEach((r, i) => out.push(row(`advsub-${path}-${i}`, str(r.ss_prompt), 'attack', 'jailbreak', path, 'en')));
  }
  const suffixes = lines(repo.show(`${FZ}adv_suffixes.txt`));
  const goals = out.filter((r) => r.key.startsWith('hb-'));
  suffixes.forEach((s, i) => {
    const goal = goals[i % Math.max(1, goals.length)];
    if (goal) out.push(row(`gcg-${i}`, `${goal.text} ${s}`, 'attack', 'jailbreak', `${FZ}adv_suffixes.txt+harmful_behaviors.csv`, 'en'));
  });
  return out;
}

/** llm-adaptive-attacks: the full jailbreak prompts (template + adversarial suffix) per target model. */
function adaptiveAttacks(repo: RepoReader): RawRow[] {
  const out: RawRow[] = [];
  for (const path of repo.list('jailbreak_artifacts/').filter((p) => p.endsWith('.json'))) {
    const doc = asRecord(JSON.parse(repo.show(path)));
    const items = Array.isArray(doc.jailbreaks) ? doc.jailbreaks.map(asRecord) : [];
    items.forEach((j, i) => out.push(row(`${path}-${i}`, str(j.prompt), 'attack', 'jailbreak', path, 'en')));
  }
  const csv = 'harmful_behaviors/harmful_behaviors_pair.csv';
  parseCsvObjects(repo.show(csv)).forEach((r, i) => out.push(row(`goal-${i}`, r.goal ?? '', 'attack', 'harmful_request', csv, 'en')));
  return out;
}

export const ATTACK_BENCHMARKS: SourceExtractor[] = [
  {
    id: 'spikee-seeds',
    repo: 'ReversecLabs/spikee',
    commit: '454f7a0c21db',
    license: 'Apache-2.0 (LICENSE.txt)',
    cap: 2000,
    taken: 'seed jailbreak templates × instructions (direct injection, system-prompt extraction, exfiltration; en sq ga gd zu); benign false-positive seeds',
    extract: spikeeSeeds,
  },
  {
    id: 'spikee-runs',
    repo: 'ReversecLabs/spikee',
    commit: '454f7a0c21db',
    license: 'Apache-2.0 (LICENSE.txt)',
    cap: 2500,
    taken: 'unique injected documents and prompts of results/v0.1 runs (inputs only), clean false-positive documents',
    extract: spikeeRuns,
  },
  {
    id: 'tasktracker',
    repo: 'microsoft/TaskTracker',
    commit: 'b4fabe25504d',
    license: 'MIT (LICENSE)',
    taken: 'PAIR jailbreaks, adaptive-attack prompts; trivia and translated questions (de fr it es ar …) as benign',
    extract: taskTracker,
  },
  {
    id: 'fuzzyai',
    repo: 'cyberark/FuzzyAI',
    commit: 'a81260f5eb16',
    license: 'Apache-2.0 (LICENSE)',
    taken: 'adversarial and AdvBench prompts (harmful), persuasion paraphrases (PAP), GCG suffixes appended to goals, benign prompts',
    extract: fuzzyAi,
  },
  {
    id: 'adaptive-attacks',
    repo: 'tml-epfl/llm-adaptive-attacks',
    commit: '7787faaf8b6f',
    license: 'MIT (LICENSE)',
    taken: 'jailbreak_artifacts prompts (template + adversarial suffix), harmful behaviour goals',
    extract: adaptiveAttacks,
  },
];

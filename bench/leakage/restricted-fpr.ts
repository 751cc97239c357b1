/**
 * False positives of restricted-content/reproduced: benign answers that share topic and vocabulary with the
 * benchmark's documents without reproducing them (benign.yaml) and the benign texts of the shared developer datasets
 * (../shared/datasets or $WARDEN_DATASETS), each scanned as an answer by the gateway's policy, for a caller who may
 * read none of the documents (every fingerprinted document restricted: the strictest case).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { createFingerprintIndex, restrictedFor } from '../../src/context/fingerprints.js';
import type { Warden } from '../../src/warden.js';

const RULE = 'restricted-content/reproduced';
const DATASETS = process.env['WARDEN_DATASETS'] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');
const FILES = ['text_classification.jsonl', 'indirect_injection.jsonl'];
const row = z.object({ text: z.string(), label: z.string() });

export interface FprSet {
  name: string;
  texts: string[];
}

const topicalSchema = z.strictObject({ benign: z.array(z.string()).min(1), hard: z.array(z.string()).min(1) });

/** Benign answers sharing the documents' vocabulary (benign.yaml): ordinary ones, and common phrasings the documents also use. */
export function benignAnswers(): { ordinary: FprSet; hard: FprSet } {
  const t = topicalSchema.parse(parse(readFileSync(join(import.meta.dirname, 'benign.yaml'), 'utf8')));
  return { ordinary: { name: 'topical benign answers (benign.yaml)', texts: t.benign }, hard: { name: 'topical, common phrasings (benign.yaml hard)', texts: t.hard } };
}

/** The topical answers, then the benign rows of the shared datasets. */
export function benignSets(): FprSet[] {
  const { ordinary, hard } = benignAnswers();
  const sets: FprSet[] = [ordinary, hard];
  for (const file of FILES) {
    const path = join(DATASETS, file);
    if (!existsSync(path)) throw new Error(`${path} missing: set WARDEN_DATASETS to the shared datasets directory`);
    const texts = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => row.parse(JSON.parse(l)))
      .filter((r) => r.label === 'benign')
      .map((r) => r.text);
    sets.push({ name: `benign rows of ${file}`, texts });
  }
  return sets;
}

export interface FprResult {
  name: string;
  texts: number;
  blocked: number;
  /** What blocked, for the report: the first 120 characters of each. */
  examples: string[];
}

/** Scans every text as an answer with `documents` fingerprinted and none readable; counts RULE's blocks. */
export function measureRestrictedFpr(warden: Warden, documents: Iterable<{ id: string; text: string }>, sets: readonly FprSet[]): FprResult[] {
  const index = createFingerprintIndex([...documents].map((d) => ({ id: d.id, text: d.text })));
  const restricted = restrictedFor(index, () => false);
  return sets.map((set) => {
    const examples: string[] = [];
    let blocked = 0;
    for (const text of set.texts) {
      const out = warden.scanOutput(text, { restricted });
      if (!out.findings.some((f) => f.ruleId === RULE && f.action === 'block')) continue;
      blocked++;
      examples.push(text.slice(0, 120));
    }
    return { name: set.name, texts: set.texts.length, blocked, examples };
  });
}

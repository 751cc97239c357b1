/** Parses a pack's content files into what the detectors take, validating each with the detector's own schema. */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { denylistPackSchema } from '../../detectors/denylist.js';
import type { DetectorContent } from '../../detectors/index.js';
import { loadNgramModels, COMMITTED_MODEL_FILES } from '../../detectors/ngram-models.js';
import { TOXICITY_CATEGORIES } from '../../detectors/toxicity/lexicon.js';
import { RulePackError } from './errors.js';
import type { ContentFile } from './format.js';

const toxicitySchema = z
  .array(z.strictObject({ term: z.string().min(1).max(200), category: z.enum(TOXICITY_CATEGORIES), severity: z.number().min(0).max(1) }))
  .max(10_000);

function issue(err: z.ZodError): string {
  const i = err.issues[0];
  return i === undefined ? 'invalid' : `${i.path.join('.') || '(root)'}: ${i.message}`;
}

function json(file: ContentFile, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new RulePackError('bad_content', `${file}: not JSON (${(err as Error).message})`);
  }
}

/** The detector content of `files` (content path -> bytes); throws `bad_content` naming the file and the problem. */
export function parseContent(files: ReadonlyMap<ContentFile, Buffer>, source: string): DetectorContent {
  const content: DetectorContent = {};
  const at = (file: ContentFile): Buffer | undefined => files.get(file);
  const injection = at('models/injection-classifier.json');
  const harmful = at('models/harmful-request.json');
  if (injection !== undefined || harmful !== undefined) {
    const models = { injection: injection && json('models/injection-classifier.json', injection), harmful: harmful && json('models/harmful-request.json', harmful) };
    try {
      loadNgramModels(models.injection ?? COMMITTED_MODEL_FILES.injection, models.harmful ?? COMMITTED_MODEL_FILES.harmful);
    } catch (err) {
      throw new RulePackError('bad_content', `${source}: ${(err as Error).message}`);
    }
    content.models = models;
  }
  const deny = at('rules/denylist.yaml');
  if (deny !== undefined) {
    let raw: unknown;
    try {
      raw = parseYaml(deny.toString('utf8'));
    } catch (err) {
      throw new RulePackError('bad_content', `${source}: rules/denylist.yaml is not YAML (${(err as Error).message})`);
    }
    const parsed = denylistPackSchema.safeParse(raw);
    if (!parsed.success) throw new RulePackError('bad_content', `${source}: rules/denylist.yaml: ${issue(parsed.error)}`);
    content.denylist = parsed.data;
  }
  const tox = at('lexicons/toxicity.json');
  if (tox !== undefined) {
    const parsed = toxicitySchema.safeParse(json('lexicons/toxicity.json', tox));
    if (!parsed.success) throw new RulePackError('bad_content', `${source}: lexicons/toxicity.json: ${issue(parsed.error)}`);
    content.toxicity = parsed.data.map((e) => ({ ...e, term: e.term.toLowerCase() }));
  }
  return content;
}

import { readClassification } from '../src/cli/eval/dataset.ts';
import { evaluateClassification } from '../src/cli/eval/classification.ts';
import { rounded } from '../src/cli/eval/metrics.ts';
import { PEERS } from '../bench/peers/index.ts';
for (const f of ['text_classification.jsonl', 'indirect_injection.jsonl']) {
  const recs = readClassification('/work/shared/datasets/' + f);
  for (const p of PEERS) {
    const t = Date.now();
    const r = rounded(await evaluateClassification(recs, p.predict));
    console.log(f, p.name, Date.now() - t, 'ms', JSON.stringify(r));
  }
}

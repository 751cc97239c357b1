import { promptInjection } from './src/detectors/prompt-injection.js';
const texts = process.argv.slice(2);
for (const stage of ['input', 'retrieved'] as const) for (const t of texts) {
  const f = promptInjection.scan(t, { stage, settings: { threshold: 0.5, options: {} }, request: {} } as never);
  console.log(stage, JSON.stringify(f.map((x) => [x.ruleId.replace('prompt-injection/', ''), x.score])), t.slice(0, 80));
}

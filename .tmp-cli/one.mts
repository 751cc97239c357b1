import { checkSync } from 'recheck';
import { FAMILY_PATTERNS } from '../src/detectors/prompt-injection/patterns.ts';
import { PII_PATTERNS } from '../src/detectors/pii/recognizers.ts';
const re = null as any;
console.log(re.source.length, re.flags);
for (const params of [{ checker: 'automaton' as const, timeout: 20000 }, { checker: 'fuzz' as const, timeout: 20000 }]) {
  const t = Date.now();
  const d = checkSync(re.source, re.flags, params);
  console.log(params.checker, d.status, Date.now() - t, d.status === 'vulnerable' ? d.complexity.summary + ' ' + d.attack.pattern.slice(0,100) : (d as any).error?.kind ?? '');
}

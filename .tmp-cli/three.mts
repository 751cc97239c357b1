import { checkSync } from 'recheck';
import { FAMILY_PATTERNS } from '../src/detectors/prompt-injection/patterns.ts';
const re = (FAMILY_PATTERNS as any)[process.argv[2]];
console.log(re.source.length, re.flags);
console.log(re.source.slice(0, 3000));

import { analyze } from './src/detectors/obfuscation/analyze.js';
import { findInvisibles } from './src/detectors/obfuscation/unicode.js';
const unit = 'A\u200Bа1b2c3d4e5f6a7b8 SGVsbG8gd29ybGQh %41%42 vtaber 1gn0r3 ';
const big = unit.repeat(Math.ceil(10_000_000 / unit.length));
const opts = { max_depth: 3, max_variants: 32, max_variant_bytes: 65536, decoders: ['base64', 'hex', 'url', 'rot13', 'leet'] as const };
let s = performance.now(); const r = analyze(big, opts); console.log('analyze', performance.now() - s, r.variants.length);
s = performance.now(); big.normalize('NFKC'); console.log('nfkc', performance.now() - s);
s = performance.now(); findInvisibles(big); console.log('inv', performance.now() - s);

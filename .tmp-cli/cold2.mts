import { createWarden } from '../src/warden.ts';
let t = performance.now();
const w = createWarden();
console.log('createWarden', (performance.now() - t).toFixed(1));
for (const text of ['Hello there, summarise this please.', 'Write to jane.doe@example.com before Friday.', '😀🎉 Write to jane.doe@example.com before Friday.', '😀 another two-byte text', 'Ünïcödé text é']) {
  for (const run of [1, 2, 3]) { t = performance.now(); const r = w.scanInput(text); console.log(JSON.stringify(text.slice(0, 20)), run, (performance.now() - t).toFixed(2), r.action); }
}

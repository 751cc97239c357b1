import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Shared tail of the training scripts: honour `--out FILE` (default: the committed model path), build,
 * write, and print the build report with size and time.
 */
export function writeModel(defaultPath: string, build: () => { json: string; report: string }): void {
  const outFlag = process.argv.indexOf('--out');
  const outArg = outFlag >= 0 ? process.argv[outFlag + 1] : undefined;
  const out = outArg !== undefined ? resolve(outArg) : defaultPath;
  const started = performance.now();
  const { json, report } = build();
  writeFileSync(out, json);
  console.log(report);
  console.log(`wrote ${out} (${(json.length / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

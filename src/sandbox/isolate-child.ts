/**
 * The program of the child process that hosts the V8 isolate, as CommonJS source for `node -e`: it is the same
 * text under tsx, vitest and the built package, and needs no file of its own in dist. It reads one request
 * (JSON on stdin), runs the code in a fresh isolated-vm isolate with a heap limit and a timeout, and writes one
 * reply (JSON on stdout). The isolate gets `input` (a copy), `console.log`/`error` (copied into a bounded
 * buffer) and nothing else: no require, process, timers, filesystem or network.
 */
export const ISOLATE_CHILD = String.raw`
'use strict';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const reply = (r) => process.stdout.write(JSON.stringify(r) + '\n');
  let ivm;
  try {
    ivm = require(process.argv[1]);
  } catch (e) {
    return reply({ kind: 'unavailable', message: 'isolated-vm did not load: ' + e.message });
  }
  const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const isolate = new ivm.Isolate({ memoryLimit: req.memoryMb });
  const logs = { stdout: [], stderr: [], used: 0, overflow: false };
  const log = (stream) => (...args) => {
    const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\n';
    logs.used += Buffer.byteLength(line);
    if (logs.used > req.outputBytes) {
      logs.overflow = true;
      isolate.dispose();
      return;
    }
    logs[stream].push(line);
  };
  try {
    const context = await isolate.createContext();
    await context.global.set('__wardenOut', new ivm.Callback(log('stdout')));
    await context.global.set('__wardenErr', new ivm.Callback(log('stderr')));
    await context.global.set('input', new ivm.ExternalCopy(req.input).copyInto());
    await context.eval('globalThis.console = { log: __wardenOut, info: __wardenOut, error: __wardenErr, warn: __wardenErr }; delete globalThis.__wardenOut; delete globalThis.__wardenErr;');
    const script = await isolate.compileScript(req.code, { filename: 'sandbox.js' });
    const result = await script.run(context, { timeout: req.timeoutMs, promise: true, copy: true });
    const text = result === undefined ? undefined : JSON.stringify(result);
    if (text !== undefined && Buffer.byteLength(text) > req.outputBytes) logs.overflow = true;
    reply({ kind: logs.overflow ? 'output' : 'ok', result: logs.overflow ? undefined : result, stdout: logs.stdout.join(''), stderr: logs.stderr.join('') });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const kind = logs.overflow ? 'output' : /timed out/.test(message) ? 'timeout' : /memory limit/.test(message) ? 'memory' : 'error';
    reply({ kind, message: e instanceof Error && e.name !== 'Error' ? e.name + ': ' + message : message, stdout: logs.stdout.join(''), stderr: logs.stderr.join('') });
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
});
`;

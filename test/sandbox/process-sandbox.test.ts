/**
 * The process sandbox stops what untrusted python and sh code would do to the host: reach the network, write
 * outside /scratch, read the host's environment or files, fork without bound, run forever, eat memory.
 * Skipped (with the reason) only where the kernel refuses unprivileged user namespaces.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { HAS_PYTHON, NAMESPACES_REFUSED } from './kernel.js';

const sandbox = createSandbox({ limits: { wallTimeMs: 15_000 } });

/** Host processes still running a sandboxed script (their command line names it). */
function leftovers(file: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(file) && !l.includes('ps -eo'));
}

describe.skipIf(NAMESPACES_REFUSED !== undefined)(`process sandbox${NAMESPACES_REFUSED ? ` (skipped: ${NAMESPACES_REFUSED})` : ''}`, () => {
  it('runs sh and python code and hands it its input on stdin', async () => {
    const sh = await sandbox.run({ language: 'sh', code: 'read line; echo "got $line"; pwd', input: { n: 1 } });
    expect(sh).toMatchObject({ ok: true, stdout: 'got {"n":1}\n/scratch\n' });
    if (!HAS_PYTHON) return;
    const py = await sandbox.run({ language: 'python', code: 'import json,sys\nprint(json.load(sys.stdin)["n"] + 1)', input: { n: 41 } });
    expect(py).toMatchObject({ ok: true, stdout: '42\n' });
  });

  describe.skipIf(!HAS_PYTHON)('python', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((s) => {
        connections += 1;
        s.destroy();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const addr = server.address();
      port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    });
    afterAll(() => server.close());

    it('has no network: neither the host loopback nor the internet is reachable', async () => {
      const code = [
        'import socket',
        `for host, port in [("127.0.0.1", ${port}), ("1.1.1.1", 53), ("10.0.0.1", 80)]:`,
        '    try:',
        '        socket.create_connection((host, port), timeout=2).close()',
        '        print(host, "connected")',
        '    except OSError as e:',
        '        print(host, "refused", e.errno)',
        'try:',
        '    socket.getaddrinfo("example.com", 80)',
        '    print("dns resolved")',
        'except OSError:',
        '    print("dns failed")',
      ].join('\n');
      const r = await sandbox.run({ language: 'python', code });
      expect(r.ok).toBe(true);
      expect(r.stdout).not.toContain('connected');
      expect(r.stdout).toContain('dns failed');
      expect(r.stdout.match(/refused/g)).toHaveLength(3);
      expect(connections).toBe(0);
    });

    it('writes only to /scratch, never to the system or the host', async () => {
      const hostDir = mkdtempSync(join(tmpdir(), 'warden-sandbox-host-'));
      const targets = ['/usr/warden-x', '/etc/warden-x', '/warden-x', '/dev/warden-x', join(hostDir, 'x'), '/tmp/warden-x', '/scratch/ok'];
      const code = [
        `for p in ${JSON.stringify(targets)}:`,
        '    try:',
        '        open(p, "w").write("x")',
        '        print(p, "written")',
        '    except OSError as e:',
        '        print(p, "denied")',
      ].join('\n');
      const r = await sandbox.run({ language: 'python', code });
      expect(r.ok).toBe(true);
      expect(r.stdout.split('\n').filter((l) => l.endsWith('written'))).toEqual(['/scratch/ok written']);
      expect(readdirSync(hostDir)).toEqual([]);
    });

    it('sees no inherited environment and none of the host files holding secrets', async () => {
      process.env.WARDEN_SANDBOX_TEST_SECRET = 'sk-test-do-not-leak';
      const hostDir = mkdtempSync(join(tmpdir(), 'warden-sandbox-secret-'));
      const secretFile = join(hostDir, 'secret.txt');
      writeFileSync(secretFile, 'sk-test-do-not-leak');
      const code = [
        'import os',
        'print(sorted(os.environ))',
        `for p in ["${secretFile}", "/proc/1/environ", "/etc/shadow", "/root", "/home"]:`,
        '    print(p, os.path.exists(p))',
        'print(os.listdir("/"))',
      ].join('\n');
      try {
        const r = await sandbox.run({ language: 'python', code });
        expect(r.ok).toBe(true);
        expect(r.stdout).not.toContain('sk-test');
        expect(r.stdout).not.toContain('WARDEN_SANDBOX_TEST_SECRET');
        // What the sandbox sets, and the shell's own PWD and OLDPWD: nothing inherited.
        expect(r.stdout.split('\n')[0]).toBe("['HOME', 'LANG', 'OLDPWD', 'PATH', 'PWD', 'TMPDIR']");
        expect(r.stdout).not.toMatch(/ True$/m);
      } finally {
        delete process.env.WARDEN_SANDBOX_TEST_SECRET;
      }
    });

    it('stops a fork bomb at the process limit and leaves no process behind', async () => {
      const code = [
        'import os, time',
        'n = 0',
        'try:',
        '    while True:',
        '        if os.fork() == 0:',
        '            time.sleep(600)',
        '            os._exit(0)',
        '        n += 1',
        'except OSError as e:',
        '    print("forks", n, "errno", e.errno, flush=True)',
        'time.sleep(600)',
      ].join('\n');
      const r = await sandbox.run({ language: 'python', code: `# warden-fork-test\n${code}`, limits: { processes: 16, wallTimeMs: 4_000 } });
      expect(r).toMatchObject({ ok: false, code: 'sandbox_timeout' });
      const [, forks, errno] = /forks (\d+) errno (\d+)/.exec(r.stdout) ?? [];
      expect(Number(forks)).toBeLessThan(16);
      expect(Number(errno)).toBe(11); // EAGAIN
      // The kernel tears the namespace down after the run returns; on a loaded host that takes a moment.
      await expect.poll(() => leftovers('main.py'), { timeout: 10_000 }).toEqual([]);
    });

    it('stops an infinite loop at the CPU limit and a sleeping one at the wall-time limit', async () => {
      const spin = await sandbox.run({ language: 'python', code: 'while True:\n    pass', limits: { cpuTimeMs: 1_000 } });
      expect(spin).toMatchObject({ ok: false, code: 'sandbox_cpu_limit' });
      const sleep = await sandbox.run({ language: 'python', code: 'import time\ntime.sleep(600)', limits: { wallTimeMs: 1_000 } });
      expect(sleep).toMatchObject({ ok: false, code: 'sandbox_timeout' });
    });

    it('stops an allocation over the memory limit and output over the output limit', async () => {
      const mem = await sandbox.run({ language: 'python', code: 'x = bytearray(1024 * 1024 * 1024)', limits: { memoryBytes: 128 * 1024 * 1024 } });
      expect(mem).toMatchObject({ ok: false, code: 'sandbox_memory_limit' });
      const out = await sandbox.run({ language: 'python', code: 'while True:\n    print("x" * 1000)', limits: { outputBytes: 10_000 } });
      expect(out).toMatchObject({ ok: false, code: 'sandbox_output_limit' });
      expect(out.stdout.length).toBeLessThanOrEqual(10_000);
    });
  });

  it('cannot undo the read-only mounts, make new namespaces or leave the root', async () => {
    const code = [
      'mount -o remount,rw /usr 2>/dev/null && echo remounted',
      'mount -t tmpfs none /usr 2>/dev/null && echo mounted',
      'unshare --user --map-root-user true 2>/dev/null && echo new-namespace',
      'chroot /scratch /bin/true 2>/dev/null && echo chrooted',
      'echo x > /usr/warden-x 2>/dev/null && echo written',
      'echo done',
    ].join('\n');
    expect(await sandbox.run({ language: 'sh', code })).toMatchObject({ ok: true, stdout: 'done\n' });
  });

  it('refuses read-only paths the namespace script cannot take', async () => {
    for (const p of ['relative', '/with space', '/usr/../root']) {
      const r = await createSandbox({ readOnlyPaths: ['/usr', p] }).run({ language: 'sh', code: 'echo ran' });
      expect(r).toMatchObject({ ok: false, code: 'sandbox_unavailable', stdout: '' });
    }
  });

  it('stops a shell fork bomb and leaves no process behind', async () => {
    const r = await sandbox.run({ language: 'sh', code: 'b() { b | b; }; b', limits: { processes: 16, wallTimeMs: 3_000 } });
    // The limit was reached (the shell reports the forks it could not make), and the run ended with nothing left.
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/Cannot fork/);
    await expect.poll(() => leftovers('main.sh'), { timeout: 10_000 }).toEqual([]);
  });

  it('fails closed: a sandbox it cannot build is sandbox_unavailable and the code never runs', async () => {
    const broken = createSandbox({ readOnlyPaths: ['/nonexistent-warden-path'] });
    const r = await broken.run({ language: 'sh', code: 'echo ran' });
    expect(r).toMatchObject({ ok: false, code: 'sandbox_unavailable' });
    expect(r.stdout).not.toContain('ran');
    expect(await broken.check('sh')).toMatchObject({ ok: false });
    expect(await sandbox.check('sh')).toEqual({ ok: true });
  });
});

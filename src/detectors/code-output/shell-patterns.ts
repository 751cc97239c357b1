/**
 * Dangerous shell idioms: reverse shells, download-and-execute, encoded payloads, disk/system wipes,
 * security tampering and persistence. Each regex is anchored on a literal command word and bounded,
 * so a scan costs a few linear passes.
 */

export interface PatternRule {
  id: string;
  /** The whole idiom, or its first part when `then` is set. */
  re: RegExp;
  /** Second part, which must start within `within` chars after `re` ends (on the same line unless crossLines). */
  then?: RegExp;
  within?: number;
  crossLines?: boolean;
  /** The rule does not apply when the matched text also matches this (e.g. an UPDATE that has a WHERE). */
  unless?: RegExp;
  score: number;
  /** Human-readable label for the finding message. */
  label: string;
}

/** Files whose upload or transfer is credential theft. */
const SENSITIVE_FILE = '(?:/etc/(?:passwd|shadow|sudoers)\\b|\\.ssh/id_[a-z0-9]{1,16}\\b(?!\\.pub)|\\.aws/credentials\\b|\\.kube/config\\b|\\.docker/config\\.json|\\.netrc\\b|\\.git-credentials\\b)';

const INTERPRETER = '(?:(?:ba|z|da|k|c|fi)?sh|python[23]?|perl|ruby|node|php|iex|invoke-expression)\\b';

export const DANGEROUS_SHELL: readonly PatternRule[] = [
  { id: 'dev-tcp', re: /\/dev\/(?:tcp|udp)\/[A-Za-z0-9.-]{1,253}\/\d{1,5}/g, score: 0.98, label: 'reverse shell through /dev/tcp' },
  { id: 'interactive-redirect', re: /\b(?:ba|z|k)?sh[ \t]{1,4}-i[ \t]{0,4}[0-9]?(?:>&|&>)/g, score: 0.95, label: 'interactive shell redirected to a socket' },
  {
    id: 'netcat-exec',
    re: /\b(?:nc|ncat|netcat)(?:\.exe)?\b/g,
    then: /[ \t](?:-[ec]|--(?:sh-)?exec)[ \t]{1,4}\S/g,
    within: 128,
    score: 0.95,
    label: 'netcat executing a shell',
  },
  { id: 'mkfifo-netcat', re: /\bmkfifo\b/g, then: /\b(?:nc|ncat|netcat|telnet|openssl)\b/g, within: 200, score: 0.95, label: 'named-pipe reverse shell' },
  { id: 'socat-exec', re: /\bsocat\b/gi, then: /\bexec:/gi, within: 200, score: 0.95, label: 'socat executing a program' },
  { id: 'socket-dup2', re: /\bos\.dup2\(/g, then: /pty\.spawn|subprocess\.call|\/bin\/(?:ba)?sh/g, within: 300, score: 0.95, label: 'scripted reverse shell' },
  { id: 'php-fsockopen', re: /\bfsockopen\(/g, then: /\b(?:exec|proc_open|shell_exec|system|passthru)\b/g, within: 300, score: 0.95, label: 'PHP reverse shell' },
  {
    id: 'download-pipe-interpreter',
    re: /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b/gi,
    then: new RegExp(`\\|[ \\t]{0,4}(?:sudo[ \\t]{1,4})?${INTERPRETER}`, 'gi'),
    within: 512,
    score: 0.9,
    label: 'download piped into an interpreter',
  },
  { id: 'process-substitution', re: /\b(?:ba|z)?sh[ \t]{1,4}(?:<\(|-c[ \t]{1,4}["']?\$\()[ \t]{0,4}(?:curl|wget)\b/g, score: 0.9, label: 'shell running a downloaded script' },
  { id: 'eval-download', re: /\beval[ \t]{1,4}["']?\$\([ \t]{0,4}(?:curl|wget)\b/g, score: 0.9, label: 'eval of downloaded code' },
  {
    id: 'base64-pipe-shell',
    re: /\bbase64[ \t]{1,4}(?:-d|--decode|-D)\b/g,
    then: /\|[ \t]{0,4}(?:sudo[ \t]{1,4})?(?:ba|z|da|k)?sh\b/g,
    within: 256,
    score: 0.9,
    label: 'decoded payload piped into a shell',
  },
  {
    id: 'powershell-encoded',
    re: /\b(?:powershell|pwsh)(?:\.exe)?\b/gi,
    then: /[ \t][-/](?:e|ec|en[a-z]{1,12})\b/gi,
    within: 256,
    score: 0.95,
    label: 'PowerShell encoded command',
  },
  { id: 'powershell-cradle', re: /\bnet\.webclient\)?\.download(?:string|file|data)\b/gi, score: 0.85, label: 'PowerShell download cradle' },
  { id: 'certutil-download', re: /\bcertutil(?:\.exe)?[ \t]/gi, then: /-urlcache\b/gi, within: 64, score: 0.85, label: 'certutil download' },
  { id: 'fork-bomb', re: /:\(\)[ \t]{0,2}\{[ \t]{0,2}:[ \t]{0,2}\|[ \t]{0,2}:[ \t]{0,2}&[ \t]{0,2}\}[ \t]{0,2};[ \t]{0,2}:/g, score: 0.95, label: 'fork bomb' },
  {
    id: 'disk-overwrite',
    re: /\bdd[ \t]/g,
    then: /\bof=\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|vd[a-z]|disk\d|mmcblk\d)/g,
    within: 128,
    score: 0.95,
    label: 'raw disk overwrite',
  },
  { id: 'mkfs-device', re: /\bmkfs(?:\.[a-z0-9]{1,8})?[ \t]/g, then: /\/dev\/[a-z]/g, within: 64, score: 0.9, label: 'formats a disk' },
  { id: 'redirect-to-disk', re: />[ \t]{0,2}\/dev\/(?:sd[a-z]|nvme\d|hd[a-z])\b/g, score: 0.9, label: 'writes over a disk device' },
  { id: 'chmod-world-root', re: /\bchmod[ \t]{1,4}(?:-[A-Za-z]{1,8}[ \t]{1,4}){0,3}(?:0?777|a\+rwx|ugo\+rwx)[ \t]{1,4}\/(?:[ \t;&|]|$)/gm, score: 0.85, label: 'world-writable root file system' },
  {
    id: 'download-chmod',
    re: /\b(?:curl|wget)\b/g,
    then: /\bchmod[ \t]{1,4}(?:\+x|[0-7]?7[0-7]{2})[ \t]/g,
    within: 512,
    score: 0.8,
    label: 'downloads a file and makes it executable',
  },
  { id: 'windows-format', re: /\bformat[ \t]{1,4}[a-zA-Z]:(?:[ \t]{1,4}\/[a-zA-Z]|[ \t]{0,4}$)/gm, score: 0.9, label: 'formats a Windows drive' },
  { id: 'windows-wipe', re: /\b(?:del|erase|rd|rmdir)[ \t]{1,4}(?:\/[a-zA-Z][ \t]{1,4}){1,4}[a-zA-Z]:\\(?:windows\b|\*|[ \t]|$)/gim, score: 0.9, label: 'deletes a Windows drive or system folder' },
  { id: 'shadow-copies', re: /\bvssadmin(?:\.exe)?[ \t]{1,4}delete[ \t]{1,4}shadows\b/gi, score: 0.95, label: 'deletes volume shadow copies' },
  { id: 'ssh-key-persistence', re: />>?[ \t]{0,2}(?:~|\$HOME|\/root|\/home\/[A-Za-z0-9_.-]{1,32})\/\.ssh\/authorized_keys\b/g, score: 0.85, label: 'adds an SSH authorized key' },
  { id: 'system-file-write', re: />>?[ \t]{0,2}\/etc\/(?:sudoers|passwd|shadow|crontab)\b/g, score: 0.85, label: 'writes to a system credential file' },
  {
    id: 'security-off',
    re: /\b(?:setenforce[ \t]{1,4}0|ufw[ \t]{1,4}disable|iptables[ \t]{1,4}-F|systemctl[ \t]{1,4}(?:stop|disable)[ \t]{1,4}(?:firewalld|apparmor|auditd)|Set-MpPreference\b[ \t]{1,4}-DisableRealtimeMonitoring)\b/gi,
    score: 0.75,
    label: 'disables security controls',
  },
  { id: 'anti-forensics', re: /\b(?:history[ \t]{1,4}-c|unset[ \t]{1,4}HISTFILE|HISTFILE=\/dev\/null|wevtutil[ \t]{1,4}cl)\b/g, score: 0.7, label: 'erases logs or shell history' },
  {
    id: 'upload-secrets',
    re: /\b(?:curl|wget|nc|ncat|netcat|scp|rsync|ftp)\b/g,
    then: new RegExp(SENSITIVE_FILE, 'g'),
    within: 256,
    score: 0.9,
    label: 'sends a credential file over the network',
  },
  {
    id: 'pipe-secrets',
    re: new RegExp(SENSITIVE_FILE, 'g'),
    then: /\|[ \t]{0,4}(?:nc|ncat|netcat|curl|socat)\b/g,
    within: 256,
    score: 0.9,
    label: 'pipes a credential file to the network',
  },
  { id: 'setuid-shell', re: /\bchmod[ \t]{1,4}(?:[ugoa]{0,3}\+s|[4-7][0-7]{3})[ \t]{1,4}\/(?:usr\/)?bin\/(?:ba|z|da)?sh\b/g, score: 0.9, label: 'setuid shell (privilege escalation)' },
  { id: 'exec-base64', re: /\bexec\(/g, then: /\bb64decode\(/g, within: 64, score: 0.85, label: 'executes base64-decoded code' },
  { id: 'kill-all', re: /\bkill[ \t]{1,4}-(?:9|KILL|SIGKILL)[ \t]{1,4}-1\b/g, score: 0.8, label: 'kills every process' },
  {
    id: 'powershell-wipe',
    re: /\bRemove-Item\b/gi,
    then: /[ \t][A-Za-z]:\\(?:windows\b|\*|[ \t]|$)/gim,
    within: 128,
    score: 0.9,
    label: 'deletes a Windows drive or system folder',
  },
];

/** `rm` with its flags and first target; judged in code (flag sets and target paths vary too much for one regex). */
export const RM_COMMAND = /\brm[ \t]{1,4}((?:-[A-Za-z-]{1,24}[ \t]{1,4}){1,6})([^\s;&|]{1,256})/g;

/** Targets whose recursive removal destroys a system or a home directory. */
const CRITICAL_RM_TARGETS = new Set(['/', '/*', '~', '~/', '~/*', '*', '.', './', '..', '../', '$HOME', '${HOME}', '"$HOME"', '/.']);
const CRITICAL_TOP_DIRS = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'opt', 'root', 'sbin', 'srv', 'sys', 'usr', 'var']);

export function rmSeverity(flags: string, target: string): 'critical' | 'recursive' | null {
  let recursive = false;
  let force = false;
  let noPreserve = false;
  for (const flag of flags.replaceAll('\t', ' ').split(' ')) {
    if (flag === '') continue;
    if (flag.startsWith('--')) {
      recursive ||= flag === '--recursive';
      force ||= flag === '--force';
      noPreserve ||= flag === '--no-preserve-root';
    } else {
      recursive ||= flag.includes('r') || flag.includes('R');
      force ||= flag.includes('f');
    }
  }
  if (!recursive) return null;
  let end = target.length;
  while (end > 0 && target[end - 1] === '/') end--;
  const t = target.slice(0, end) || '/';
  const top = t.startsWith('/') ? t.slice(1).split('/') : [];
  const critical = noPreserve || CRITICAL_RM_TARGETS.has(target) || CRITICAL_RM_TARGETS.has(t) || (top.length === 1 && CRITICAL_TOP_DIRS.has(top[0] as string));
  if (critical) return 'critical';
  return force ? 'recursive' : null;
}

/** Words that turn a command into a caution ("never run", "do not use") when they precede it in the sentence. */
export const NEGATION_WORD = /\b(?:never|don't|do not|dont|avoid|shouldn't|should not|must not|warning)\b/gi;
/** Chars before a match searched for a warning. */
export const NEGATION_WINDOW = 80;

export function isNegated(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - NEGATION_WINDOW), at);
  const window = before.slice(before.lastIndexOf('\n') + 1);
  let last = -1;
  for (const m of window.matchAll(NEGATION_WORD)) last = m.index + m[0].length;
  if (last < 0) return false;
  const rest = window.slice(last);
  return !rest.includes('.') && !rest.includes('!') && !rest.includes('?');
}

/** Spans where a rule matches; a two-part rule pairs each `then` with the nearest preceding `re` on its line. */
export function ruleSpans(text: string, rule: PatternRule): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  if (!rule.then) {
    for (const m of text.matchAll(rule.re)) {
      if (!rule.unless?.test(m[0])) spans.push({ start: m.index, end: m.index + m[0].length });
    }
    return spans;
  }
  const firsts = [...text.matchAll(rule.re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (firsts.length === 0) return spans;
  const within = rule.within ?? 0;
  let p = -1;
  for (const m of text.matchAll(rule.then)) {
    while (p + 1 < firsts.length && (firsts[p + 1] as { end: number }).end <= m.index) p++;
    const first = firsts[p];
    if (!first || m.index - first.end > within) continue;
    if (!rule.crossLines && text.slice(first.end, m.index).includes('\n')) continue;
    const span = { start: first.start, end: m.index + m[0].length };
    if (rule.unless?.test(text.slice(span.start, span.end))) continue;
    spans.push(span);
  }
  return spans;
}

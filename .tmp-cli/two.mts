import { checkSync } from 'recheck';
for (const [s, f] of [['[\\w.+-]{1,64}@[\\w-]{1,63}', 'g'], ['\\b[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,8}\\b', 'gi'], ['(?<![\\w])(?:ab|cd)', 'g'], ['(a|a)*$', '']]) {
  const t = Date.now();
  const d = checkSync(s, f, { checker: 'automaton', timeout: 5000 });
  console.log(s, d.status, d.checker, Date.now() - t, d.status === 'vulnerable' ? d.complexity.summary : (d as any).error?.kind ?? '');
}

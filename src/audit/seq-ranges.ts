/** `1, 2, 3, 7` -> `1-3, 7`: sequence numbers as `warden audit verify` and compliance reports print them. */
export function ranges(seqs: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && (seqs[j + 1] as number) === (seqs[j] as number) + 1) j++;
    parts.push(j === i ? String(seqs[i]) : `${seqs[i]}-${seqs[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

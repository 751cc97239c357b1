/** Terminal I/O for CLI commands: stdout/stderr writers (spied on by tests) and tolerant stdin decoding. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** Largest input read from stdin or a file; beyond this the CLI refuses rather than exhausting memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface DecodedText {
  text: string;
  /** Human-readable notes about the bytes (invalid UTF-8, NULs), for stderr. */
  warnings: string[];
}

const lenient = new TextDecoder('utf-8', { fatal: false });
const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD instead of failing. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const warnings: string[] = [];
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    text = lenient.decode(bytes);
    warnings.push('input is not valid UTF-8; invalid byte sequences were replaced with U+FFFD before scanning');
  }
  if (text.includes('\u0000')) warnings.push('input contains NUL bytes (binary data?); scanned as text');
  return { text, warnings };
}

export async function readStream(stream: NodeJS.ReadableStream, limit = MAX_INPUT_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += buf.length;
    if (size > limit) throw new Error(`input exceeds ${limit} bytes; split it or scan a file section by section`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Reads stdin fully; refuses an interactive terminal so `warden scan -` never waits silently. */
export async function readStdin(): Promise<DecodedText> {
  if (process.stdin.isTTY) throw new Error('`-` reads the text from stdin, but stdin is a terminal; pipe text in or pass it as an argument');
  return decodeUtf8(await readStream(process.stdin));
}

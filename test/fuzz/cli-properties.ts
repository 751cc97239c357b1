/** The CLI's input decoding (cli/io.ts): any bytes, in any chunking, become text plus warnings, or a clear size refusal. */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { decodeUtf8, readStream } from '../../src/cli/io.js';
import { anyText, cuts } from './arbitraries.js';
import { checkProperty, ensure, splitBytes, type FuzzProperty } from './harness.js';

const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), anyText.map((t) => Buffer.from(t, 'utf8')));

const decodeInput: FuzzProperty = {
  name: 'cli.decode-input',
  weight: 5,
  run: (params) =>
    checkProperty(
      fc.asyncProperty(bytes, cuts, fc.integer({ min: 1, max: 400 }), async (input, at, limit) => {
        const chunks = splitBytes(input, at);
        let read: Uint8Array;
        try {
          read = await readStream(Readable.from(chunks), limit);
        } catch (err) {
          ensure(input.length > limit, `refused ${input.length} bytes under the ${limit}-byte limit`);
          ensure(err instanceof Error && err.message.includes(String(limit)), 'size refusal does not name the limit');
          return;
        }
        ensure(input.length <= limit && Buffer.compare(Buffer.from(read), input) === 0, 'bytes changed while reading');
        const { text, warnings } = decodeUtf8(read);
        ensure(text === new TextDecoder().decode(input), 'decoded text differs from lenient UTF-8 decoding');
        ensure(warnings.some((w) => w.includes('not valid UTF-8')) === !isUtf8(input), 'invalid-UTF-8 warning wrong');
        ensure(warnings.some((w) => w.includes('NUL')) === text.includes('\u0000'), 'NUL warning wrong');
      }),
      params,
    ),
};

export const cliProperties: FuzzProperty[] = [decodeInput];

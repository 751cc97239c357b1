/** The library entry points (createWarden().scanInput / scanOutput / scan): a verdict or a WardenInputError, never a crash. */
import fc from 'fast-check';
import { WardenInputError } from '../../src/core/errors.js';
import { wellFormed } from '../../src/core/text.js';
import { STAGES, type ChatMessage, type ScanResult, type Stage } from '../../src/spec/types.js';
import { createWarden } from '../../src/warden.js';
import { anyText, sizedText } from './arbitraries.js';
import { checkProperty, ensure, type FuzzProperty } from './harness.js';

const ACTIONS = new Set(['allow', 'flag', 'redact', 'block']);
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

const validMessage = fc.record({ role: fc.constantFrom(...ROLES), content: sizedText });
const anyMessage = fc.oneof(
  { arbitrary: validMessage, weight: 8 },
  { arbitrary: fc.record({ role: fc.oneof(fc.constantFrom('wizard', '', 'USER'), anyText), content: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

type CoreCase =
  | { kind: 'input-text'; text: string }
  | { kind: 'input-messages'; messages: unknown[]; valid: boolean }
  | { kind: 'output'; text: string }
  | { kind: 'scan'; text: string; stage: string };

const coreCase: fc.Arbitrary<CoreCase> = fc.oneof(
  sizedText.map((text) => ({ kind: 'input-text' as const, text })),
  fc.array(validMessage, { minLength: 1, maxLength: 6 }).map((messages) => ({ kind: 'input-messages' as const, messages, valid: true })),
  fc.array(anyMessage, { maxLength: 6 }).map((messages) => ({ kind: 'input-messages' as const, messages, valid: false })),
  sizedText.map((text) => ({ kind: 'output' as const, text })),
  fc.tuple(sizedText, fc.oneof({ arbitrary: fc.constantFrom<string>(...STAGES), weight: 9 }, { arbitrary: fc.constantFrom('sideways', ''), weight: 1 })).map(([text, stage]) => ({ kind: 'scan' as const, text, stage })),
);

function runCase(c: CoreCase, warden: ReturnType<typeof createWarden>): ScanResult {
  if (c.kind === 'input-text') return warden.scanInput(c.text);
  if (c.kind === 'input-messages') return warden.scanInput(c.messages as ChatMessage[]);
  if (c.kind === 'output') return warden.scanOutput(c.text);
  return warden.scan(c.text, c.stage as Stage);
}

/** True when the library may reject the case: malformed messages, an empty list, an unknown stage. */
function mayReject(c: CoreCase): boolean {
  if (c.kind === 'input-messages') return !c.valid;
  return c.kind === 'scan' && !(STAGES as readonly string[]).includes(c.stage);
}

function ensureVerdict(r: ScanResult, c: CoreCase): void {
  ensure(ACTIONS.has(r.action) && ACTIONS.has(r.monitorAction), `action ${String(r.action)} is not an action`);
  ensure(Array.isArray(r.findings) && typeof r.text === 'string', 'malformed result');
  const scanned = c.kind === 'input-messages' ? undefined : c.text;
  for (const f of r.findings) {
    ensure(typeof f.ruleId === 'string' && Number.isFinite(f.score), 'malformed finding');
    for (const s of f.spans) ensure(0 <= s.start && s.start <= s.end && (scanned === undefined || s.end <= scanned.length), `span ${s.start}-${s.end} of ${f.ruleId} out of range`);
  }
  if (c.kind === 'input-messages') ensure(r.messages?.length === c.messages.length, 'redacted messages do not match the input');
  // Lone surrogates become U+FFFD (src/core/text.ts); nothing else may change without a redaction.
  if (scanned !== undefined && r.action !== 'redact' && r.action !== 'block') ensure(r.text === wellFormed(scanned), `${r.action} changed the text`);
}

export function coreProperty(): FuzzProperty {
  const warden = createWarden();
  return {
    name: 'core.scan-verdict-or-input-error',
    weight: 10,
    run: (params) =>
      checkProperty(
        fc.property(coreCase, (c) => {
          let r: ScanResult;
          try {
            r = runCase(c, warden);
          } catch (err) {
            ensure(err instanceof WardenInputError, `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
            ensure(mayReject(c), `rejected valid input: ${err.message}`);
            ensure(err.message.length > 10, 'error message is not actionable');
            return;
          }
          ensureVerdict(r, c);
        }),
        params,
      ),
  };
}

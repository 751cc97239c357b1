/** The OASIS SARIF 2.1.0 schema (test/fixtures/sarif) compiled with ajv, for validating written SARIF logs. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown> & { id: string };
  // Draft-04's `id` is draft-07's `$id`; the schema uses no other draft-04-only keyword.
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id });
}

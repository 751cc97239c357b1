/** Why a rule pack is refused: one code per kind of refusal, each message saying what was found and what to do. */
export type RulePackRefusal =
  | 'unreadable'
  | 'truncated'
  | 'unsafe_entry'
  | 'too_large'
  | 'unsigned'
  | 'unknown_key'
  | 'bad_signature'
  | 'incompatible'
  | 'tampered'
  | 'bad_content'
  | 'no_trusted_keys';

export class RulePackError extends Error {
  constructor(
    readonly code: RulePackRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'RulePackError';
  }
}

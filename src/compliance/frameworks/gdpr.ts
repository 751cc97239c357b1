/** GDPR articles Warden can evidence for personal data sent to and received from models. */
import { req, support, type Framework } from './framework.js';

export const GDPR: Framework = {
  id: 'gdpr',
  name: 'GDPR',
  basis: 'Regulation (EU) 2016/679',
  controls: [
    {
      id: 'Art. 5(1)(c)',
      title: 'Data minimisation',
      requirement: 'Personal data adequate, relevant and limited to what is necessary.',
      satisfiedBy: 'Personal identifiers redacted on input with reversible placeholders (gdpr preset).',
      facts: ['personal-data-input'],
      evidence: [support('personal-data-handled')],
    },
    {
      id: 'Art. 25',
      title: 'Data protection by design and by default',
      requirement: 'Technical measures that implement data-protection principles by default.',
      satisfiedBy: 'Personal data redacted or blocked in answers; detector errors block.',
      facts: ['personal-data-output', 'fail-closed'],
      evidence: [support('personal-data-handled')],
    },
    {
      id: 'Art. 32(1)(a)',
      title: 'Pseudonymisation',
      requirement: 'Pseudonymise personal data where appropriate.',
      satisfiedBy: 'Stored audit records keep placeholders instead of personal data (redact at rest).',
      facts: ['audit-redact-at-rest'],
      evidence: [],
    },
    {
      id: 'Art. 32(1)(b)',
      title: 'Confidentiality of processing',
      requirement: 'Ensure ongoing confidentiality and integrity of processing systems.',
      satisfiedBy: 'Authenticated callers; secrets kept out of prompts and answers.',
      facts: ['authentication', 'secrets'],
      evidence: [support('key-lifecycle'), support('secrets-handled')],
    },
    {
      id: 'Art. 5(2)',
      title: 'Accountability',
      requirement: 'Be able to demonstrate compliance.',
      satisfiedBy: 'A keyed, verified audit chain recording every request and operator action.',
      facts: ['audit-hmac'],
      evidence: [req('audit-records'), req('chain-verified'), support('admin-actions')],
    },
    {
      id: 'Art. 5(1)(e)',
      title: 'Storage limitation',
      requirement: 'Keep personal data no longer than necessary.',
      satisfiedBy: 'A set audit retention period after which records are pruned (the chain stays verifiable).',
      facts: ['retention-limited'],
      evidence: [],
    },
    {
      id: 'Art. 22(3)',
      title: 'Human intervention',
      requirement: 'A right to human intervention in automated decisions.',
      satisfiedBy: 'Sensitive tool calls wait for a named human approver.',
      facts: ['approvals'],
      evidence: [req('approval-decisions')],
    },
    {
      id: 'Art. 33(5)',
      title: 'Breaches contained and documented',
      requirement: 'Document personal-data breaches, their effects and the remedial action taken.',
      satisfiedBy: 'Kill switches contain an incident; blocked leaks and operator actions are in the audit log.',
      facts: ['kill-switches'],
      evidence: [support('kill-switch-events'), support('personal-data-handled')],
    },
  ],
};

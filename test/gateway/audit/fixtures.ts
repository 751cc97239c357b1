import type { AuditEntry } from '../../../src/spec/gateway.js';

/** A realistic audit entry; `i` varies request id, tenant and timestamp. */
export function makeEntry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    requestId: `req-${i}`,
    ts: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    route: '/v1/chat/completions',
    identity: { keyId: `key${i % 3}`, tenant: i % 2 === 0 ? 'acme' : 'globex', roles: [], authMethod: 'api-key' },
    model: 'gpt-4o-mini',
    upstream: 'openai',
    request: { messages: [{ role: 'user', content: `hello number ${i}` }], params: { temperature: 0.2 } },
    inputFindings: [],
    outputFindings: [],
    action: i % 5 === 0 ? 'block' : 'allow',
    status: i % 5 === 0 ? 400 : 200,
    output: i % 5 === 0 ? null : `answer ${i}`,
    usage: { promptTokens: 10, completionTokens: 5 },
    latency: { totalMs: 12.5 },
    streamed: false,
    ...over,
  };
}

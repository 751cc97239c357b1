/** A subset of `npm run bench:leakage`, through the same gateway over HTTP: every attempt kind, some legitimate questions, the benign answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaked, leakageGatewayConfig, legitOk, runRequest, scenarioBody, startLeakageGateway, type LeakageGateway } from '../../bench/leakage/gateway.js';
import { benignAnswers, measureRestrictedFpr } from '../../bench/leakage/restricted-fpr.js';
import { KINDS, loadScenarios } from '../../bench/leakage/scenarios.js';
import { createIsolator } from '../../src/context/isolate.js';
import { gatewayConfigFromObject } from '../../src/gateway/config.js';
import { demoAnswer } from '../../src/gateway/upstreams/demo.js';
import { reword } from '../../src/gateway/upstreams/demo-context.js';
import { createWarden } from '../../src/warden.js';

const { corpus, attempts, legit } = loadScenarios();
let gw: LeakageGateway;

beforeAll(async () => {
  gw = await startLeakageGateway(corpus);
});
afterAll(async () => {
  await gw.close();
});

describe('leakage benchmark subset (HTTP)', () => {
  it('has at least 30 attempts of every kind and 30 legitimate questions', () => {
    expect(attempts.length).toBeGreaterThanOrEqual(30);
    expect(legit.length).toBeGreaterThanOrEqual(30);
    for (const kind of KINDS) expect(attempts.some((a) => a.kind === kind)).toBe(true);
  });

  it.each(KINDS.flatMap((kind) => attempts.filter((a) => a.kind === kind).slice(0, 2)).map((a) => [a.id, a] as const))('%s leaks nothing', async (_id, a) => {
    expect(leaked(gw, a, await runRequest(gw, a))).toEqual([]);
  });

  it('the compromised model does leak when Warden does not filter its answer (the attempts are real)', async () => {
    const a = attempts.find((x) => x.id === 'ct-5');
    if (!a) throw new Error('ct-5 missing');
    // The demo model on the request as the gateway forwards it (tool results isolated), its answer unfiltered.
    const iso = createIsolator();
    const body = scenarioBody(gw, a) as { messages: { role: string; content: string | null }[] };
    for (const m of body.messages) if (m.role === 'tool') m.content = iso.isolate({ kind: 'tool_result', text: m.content ?? '' }).text;
    expect(demoAnswer(body).content).toContain('312,400');
    const o = await runRequest(gw, a);
    expect(o).toMatchObject({ blocked: true, stoppedAt: 'output', rules: ['restricted-content/reproduced'] });
    expect(o.delivered).not.toContain('312,400');
  });

  it.each(legit.slice(0, 8).map((l) => [l.id, l] as const))('%s keeps its permitted context', async (_id, l) => {
    expect(legitOk(l, await runRequest(gw, l))).toBe(true);
  });

  it('restricted-content blocks none of the ordinary answers sharing the documents\' vocabulary, and every reproduction', () => {
    const warden = createWarden(gatewayConfigFromObject(leakageGatewayConfig('.')).policy);
    const reproduced = { name: 'reproduced', texts: corpus.documents.flatMap((d) => [d.text, reword(d.text)]) };
    const [benign, control] = measureRestrictedFpr(warden, corpus.documents, [benignAnswers().ordinary, reproduced]);
    expect(benign?.texts).toBeGreaterThanOrEqual(40);
    expect(benign?.examples).toEqual([]);
    expect(control?.blocked).toBe(control?.texts);
  });
});

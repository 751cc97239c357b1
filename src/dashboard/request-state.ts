/** Per-request dashboard state: the session the guard found, and the change a handler made (for its audit record). */
import type { FastifyRequest } from 'fastify';
import type { Operator, Session } from './session.js';

interface CallState {
  session?: Session;
  /** Operator of a sign-in attempt, known before any session exists. */
  signedIn?: Operator;
  change?: Record<string, unknown>;
}

const states = new WeakMap<FastifyRequest, CallState>();

function stateOf(req: FastifyRequest): CallState {
  let s = states.get(req);
  if (s === undefined) {
    s = {};
    states.set(req, s);
  }
  return s;
}

export function setSession(req: FastifyRequest, session: Session): void {
  stateOf(req).session = session;
}

export function sessionOf(req: FastifyRequest): Session | undefined {
  return states.get(req)?.session;
}

/** The signed-in operator; only called behind the session guard. */
export function operatorOf(req: FastifyRequest): Operator {
  const s = states.get(req)?.session;
  if (s === undefined) throw new Error('dashboard route reached without a session: it was registered outside the guarded scope');
  return s.operator;
}

export function recordChange(req: FastifyRequest, change: Record<string, unknown>): void {
  stateOf(req).change = change;
}

export function recordSignIn(req: FastifyRequest, operator: Operator): void {
  stateOf(req).signedIn = operator;
}

export function callStateOf(req: FastifyRequest): Readonly<CallState> {
  return states.get(req) ?? {};
}

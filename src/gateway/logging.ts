/** The gateway's logging: what is never logged, the per-request recorder log, buffered stdout. */
import { pino } from 'pino';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { RecordLog } from './recorder.js';

/** Never logged: client credentials and anything that looks like a key. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.apiKey',
  '*.api_key',
];

/**
 * The recorder's logger for one request. The summary line goes through `summaryLog`, a child without redaction:
 * the summary is flat (ids, status, timings), so no redact path can match it, and pino runs its redactor on every
 * value of every line when a path starts with a wildcard. Its fields follow the request logger's `reqId`, as before.
 */
export function recordLog(summaryLog: FastifyBaseLogger, req: FastifyRequest): RecordLog {
  const reqId = req.id;
  const log = req.log;
  return {
    summary: (s, msg) => summaryLog.info({ reqId, ...s }, msg),
    error: (obj, msg) => log.error(obj, msg),
  };
}

/** How long a log line may wait in the buffer before it is written anyway. */
const LOG_FLUSH_MS = 250;

/**
 * Buffered, non-blocking stdout for pino (flushed on exit): the default sync writes block the event loop on a
 * slow TTY, and one write per line costs a system call per request; lines go out 4 KB at a time or every 250 ms.
 */
export function asyncStdout(): { stream: { write(line: string): void }; stop(): void } {
  const dest = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => dest.flush(), LOG_FLUSH_MS);
  timer.unref();
  return {
    stream: dest,
    stop: () => {
      clearInterval(timer);
      dest.flush();
    },
  };
}


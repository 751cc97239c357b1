/**
 * The live feed: every stored request record, summarised, pushed to each connected browser over server-sent
 * events. Each browser has a rate cap (`feed.max_events_per_second`: above it the feed samples and sends a
 * `sampling` event saying how many it showed of how many) and a bounded queue while its socket is slow (oldest
 * dropped first, counted in the same event), so a flood of requests never freezes the page or grows memory.
 */
import type { ServerResponse } from 'node:http';
import type { AuditRecord } from '../spec/gateway.js';
import { isTraffic, matches, summarize, type RecordFilter, type RecordSummary } from './summary.js';

export interface FeedLimits {
  buffer: number;
  maxPerSecond: number;
}

/** What the browser is told each second it was not shown everything. */
export interface SamplingNotice {
  shown: number;
  seen: number;
  /** Dropped because the browser read too slowly (bounded queue). */
  dropped: number;
  windowMs: number;
}

const WINDOW_MS = 1000;
/** Seconds between keep-alive comments, so proxies do not close an idle stream. */
const HEARTBEAT_TICKS = 15;

export function sseEvent(event: string, data: unknown): string {
  // JSON.stringify leaves no raw newline in the data line, so one event is one `data:` line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One browser's stream. */
export class FeedClient {
  private readonly queue: string[] = [];
  private windowStart: number;
  private seen = 0;
  private shown = 0;
  private dropped = 0;
  private blocked = false;
  private ticks = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly filter: RecordFilter,
    private readonly limits: FeedLimits,
    private readonly now: () => number,
  ) {
    this.windowStart = now();
    res.on('drain', () => this.flush());
    this.timer = setInterval(() => this.tick(), WINDOW_MS);
    this.timer.unref();
  }

  offer(s: RecordSummary): void {
    if (!matches(s, this.filter)) return;
    this.rollWindow();
    this.seen++;
    if (this.shown >= this.limits.maxPerSecond) return;
    this.shown++;
    this.send(sseEvent('request', s));
  }

  private send(chunk: string): void {
    if (this.blocked) {
      this.queue.push(chunk);
      if (this.queue.length > this.limits.buffer) {
        this.queue.shift();
        this.dropped++;
      }
      return;
    }
    this.blocked = !this.res.write(chunk);
  }

  private flush(): void {
    this.blocked = false;
    while (this.queue.length > 0 && !this.blocked) this.blocked = !this.res.write(this.queue.shift() as string);
  }

  private rollWindow(): void {
    const at = this.now();
    if (at - this.windowStart < WINDOW_MS) return;
    if (this.seen > this.shown || this.dropped > 0) {
      const notice: SamplingNotice = { shown: this.shown, seen: this.seen, dropped: this.dropped, windowMs: at - this.windowStart };
      this.send(sseEvent('sampling', notice));
    }
    this.windowStart = at;
    this.seen = 0;
    this.shown = 0;
    this.dropped = 0;
  }

  private tick(): void {
    this.rollWindow();
    if (++this.ticks % HEARTBEAT_TICKS === 0) this.send(': ping\n\n');
  }

  close(): void {
    clearInterval(this.timer);
    this.res.end();
  }
}

/** Fans stored records out to the connected browsers. */
export class FeedHub {
  private readonly clients = new Set<FeedClient>();

  publish(rec: AuditRecord): void {
    if (this.clients.size === 0 || !isTraffic(rec)) return;
    const s = summarize(rec);
    for (const c of this.clients) c.offer(s);
  }

  add(c: FeedClient): () => void {
    this.clients.add(c);
    return () => this.clients.delete(c);
  }

  closeAll(): void {
    for (const c of this.clients) c.close();
    this.clients.clear();
  }
}

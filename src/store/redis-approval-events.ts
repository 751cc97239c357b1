/**
 * ApprovalEvents across replicas over Redis pub/sub: a decision made through one replica wakes the call waiting
 * on another at once. Listeners on this replica are woken directly too, so a waiter here never depends on Redis;
 * a replica ignores its own messages. While Redis is away the waiters still re-read the approval store
 * (approvals/service.ts), so an event lost then delays a wake-up, never a decision.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { ApprovalEvents } from '../spec/approvals.js';
import type { RedisCache } from './redis-connection.js';

export async function createRedisApprovalEvents(cache: RedisCache, onError: (err: unknown) => void): Promise<ApprovalEvents> {
  const channel = `${cache.prefix}approvals`;
  const origin = randomUUID();
  const local = new EventEmitter();
  // One listener per waiting caller on the same id; many waiters are normal, not a leak.
  local.setMaxListeners(0);
  cache.subscriber.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    const sep = message.indexOf(' ');
    if (sep > 0 && message.slice(0, sep) !== origin) local.emit(message.slice(sep + 1));
  });
  await cache.subscriber.subscribe(channel);
  return {
    publish(id) {
      local.emit(id);
      cache.call(() => cache.client.publish(channel, `${origin} ${id}`)).catch(onError);
    },
    subscribe(id, listener) {
      local.on(id, listener);
      return () => local.off(id, listener);
    },
  };
}

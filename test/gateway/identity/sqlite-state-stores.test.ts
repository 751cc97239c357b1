import { afterEach } from 'vitest';
import { openStores } from '../../../src/gateway/backends/sqlite.js';
import { stateStoreContract } from './state-store-contract.js';
import { tempDir } from './helpers.js';

const dirs: Array<() => void> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d();
});

function handle(dir: string) {
  const s = openStores(dir);
  return {
    keys: s.keys,
    kills: s.killStore,
    usage: s.usage,
    async close() {
      await s.usage.flush();
      await s.audit.close();
      s.db.close();
    },
  };
}

stateStoreContract('sqlite', async () => {
  const tmp = tempDir();
  dirs.push(tmp.dispose);
  return { ...handle(tmp.dir), other: async () => handle(tmp.dir) };
});

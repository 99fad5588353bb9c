// Values a component derives from the rest of its platform: derived fills in, the module wins.
import { describe, expect, it } from 'vitest';
import { backup, definePlatform, postgres, redis, redpanda } from '../generator/index.ts';
import { mergeUnder, resolvePlatform } from '../generator/validate/resolvePlatform.ts';

const base = { name: 'p', version: '0.1.0', description: 'd' };
const backupOf = (components: Record<string, ReturnType<typeof postgres>>) =>
  resolvePlatform('values-src/p.ts', definePlatform({ ...base, components })).instances.find((i) => i.key === 'backup')!;

describe('derived values', () => {
  it('finds the Postgres instance and every persistent StatefulSet, whatever their keys', () => {
    const b = backupOf({
      maindb: postgres({ database: 'orders', service: { ports: { postgres: 6432 } } }),
      cache: redis({ persistence: { enabled: false } }),
      stream: redpanda({ replicas: 5 }),
      backup: backup(),
    });
    expect(b.given.postgres).toMatchObject({ instance: 'maindb', database: 'orders', port: 6432 });
    expect((b.given.snapshots as any).targets.map((t: any) => [t.instance, t.replicas])).toEqual([['maindb', 1], ['stream', 5]]);
  });

  it('lets the platform module override what is derived', () => {
    const b = backupOf({ db: postgres(), backup: backup({ snapshots: { targets: [] }, postgres: { database: 'other' } }) });
    expect((b.given.snapshots as any).targets).toEqual([]);
    expect(b.given.postgres).toMatchObject({ instance: 'db', database: 'other' });
  });

  it('keeps the platform module\'s order whatever the resolution order', () => {
    const p = resolvePlatform('values-src/p.ts', definePlatform({ ...base, components: { backup: backup(), db: postgres() } }));
    expect(p.instances.map((i) => i.key)).toEqual(['backup', 'db']);
  });

  it('merges objects deeply and never lets undefined override', () => {
    expect(mergeUnder({ a: { b: 1 }, c: [1] }, { a: { b: 2, d: 3 }, c: [2, 3], e: undefined })).toEqual({ a: { b: 1, d: 3 }, c: [1] });
  });
});

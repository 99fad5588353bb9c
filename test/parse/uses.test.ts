// Typed dependencies: an instance names what it uses, derives values from what those provide (the module's
// own values win), resolves after them; missing targets, cycles and unmet needs are errors naming the chain.
import { describe, expect, it } from 'vitest';
import { backup, ceph, definePlatform, postgres, redis, redpanda, velero } from '../../generator/index.ts';
import { ValuesError } from '../../generator/parse/formatIssues.ts';
import { mergeUnder, resolvePlatform } from '../../generator/parse/resolvePlatform.ts';

const base = { name: 'p', version: '0.1.0', description: 'd' };
const FILE = 'values-src/p.ts';
const resolve = (components: Record<string, unknown>) => resolvePlatform(FILE, definePlatform({ ...base, components: components as never }));
const instance = (components: Record<string, unknown>, key: string) => resolve(components).instances.find((i) => i.key === key)!;
const problems = (components: Record<string, unknown>): string[] => {
  try {
    resolve(components);
  } catch (err) {
    if (err instanceof ValuesError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
};

describe('typed dependencies', () => {
  it('derive from what the used instances provide, whatever their keys', () => {
    const b = instance({
      maindb: postgres({ database: 'orders', service: { ports: { postgres: 6432 } } }),
      cache: redis({ persistence: { enabled: false } }),
      stream: redpanda({ replicas: 5 }),
      backup: backup({}, { uses: ['maindb', 'cache', 'stream'] }),
    }, 'backup');
    expect(b.given.postgres).toMatchObject({ instance: 'maindb', database: 'orders', port: 6432, keys: { username: 'username', password: 'password' } });
    // Claims come from the used instances with persistent data only, in the order of `uses`.
    expect((b.given.snapshots as any).targets.map((t: any) => [t.instance, t.replicas])).toEqual([['maindb', 1], ['stream', 5]]);
  });

  it('derive nothing from instances they do not use', () => {
    const b = instance({ db: postgres(), other: redpanda(), backup: backup({}, { uses: ['db'] }) }, 'backup');
    expect((b.given.snapshots as any).targets.map((t: any) => t.instance)).toEqual(['db']);
  });

  it('give claims the StorageClass and backups the snapshot class of a used storage instance', () => {
    const p = resolve({
      storage: ceph({ storageClasses: { block: { name: 'fast' } }, snapshotClass: { name: 'snaps' } }),
      db: postgres({}, { uses: ['storage'] }),
      bare: redis(),
      backup: backup({}, { uses: ['storage', 'db'] }),
    });
    const of = (k: string) => p.instances.find((i) => i.key === k)!;
    expect((of('db').resolved.persistence as any).storageClass).toBe('fast');
    expect((of('bare').resolved.persistence as any).storageClass).toBe('');
    expect((of('backup').resolved.snapshots as any).className).toBe('snaps');
  });

  it('give disaster recovery the snapshot class and its CSI driver of a used storage instance', () => {
    const p = resolve({
      storage: ceph({ operator: { namespace: 'storage' }, snapshotClass: { name: 'snaps' } }),
      dr: velero({}, { uses: ['storage'] }),
      alone: velero(),
    });
    const of = (k: string) => p.instances.find((i) => i.key === k)!;
    expect(of('dr').resolved.csi).toMatchObject({ snapshotClass: 'snaps', driver: 'storage.rbd.csi.ceph.com' });
    expect(of('alone').resolved.csi).toMatchObject({ snapshotClass: 'ceph-rbd-snapclass', driver: 'rook-ceph.rbd.csi.ceph.com' });
  });

  it('let the platform module override what is derived', () => {
    const b = instance({ db: postgres(), backup: backup({ snapshots: { targets: [] }, postgres: { database: 'other' } }, { uses: ['db'] }) }, 'backup');
    expect((b.given.snapshots as any).targets).toEqual([]);
    expect(b.given.postgres).toMatchObject({ instance: 'db', database: 'other' });
  });

  it('resolve after what they use, and keep the platform module\'s order', () => {
    const p = resolve({ backup: backup({}, { uses: ['db'] }), db: postgres() });
    expect(p.instances.map((i) => i.key)).toEqual(['backup', 'db']);
    expect((p.instances[0]!.given.postgres as any).instance).toBe('db');
  });

  it('refuse a target that is no instance of the platform, naming the list', () => {
    expect(problems({ db: postgres(), backup: backup({}, { uses: ['pg'] }) })).toEqual([
      'components.backup.uses[0]: expected the key of an instance of this platform (db), found "pg"',
    ]);
  });

  it('refuse a cycle, naming the chain', () => {
    expect(problems({ a: postgres({}, { uses: ['b'] }), b: redis({}, { uses: ['c'] }), c: redpanda({}, { uses: ['a'] }) })).toEqual([
      'components.a.uses: a dependency cycle: a -> b -> c -> a; expected instances to use each other in one direction only',
    ]);
    expect(problems({ a: postgres({}, { uses: ['a'] }) })).toEqual(['components.a.uses[0]: expected another instance of the platform, found "a" itself']);
  });

  it('refuse an instance whose used instances do not provide what it needs', () => {
    expect(problems({ cache: redis(), backup: backup({}, { uses: ['cache'] }) })).toEqual([
      'components.backup.uses: expected to use exactly one instance that provides postgresql, found none',
    ]);
    expect(problems({ a: postgres(), b: postgres(), backup: backup({}, { uses: ['a', 'b'] }) })).toEqual([
      'components.backup.uses: expected to use exactly one instance that provides postgresql, found 2 (a, b)',
    ]);
  });

  it('merge objects deeply and never let undefined override', () => {
    expect(mergeUnder({ a: { b: 1 }, c: [1] }, { a: { b: 2, d: 3 }, c: [2, 3], e: undefined })).toEqual({ a: { b: 1, d: 3 }, c: [1] });
  });
});

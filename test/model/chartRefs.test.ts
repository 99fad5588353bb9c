// The chart model names its dependencies by reference: beside it in a git checkout (file://) or in a
// registry (oci://), the same platform either way; metadata comes from the platform module.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { backup, ceph, definePlatform, postgres } from '../../generator/index.ts';
import { buildChartSet, type Repository } from '../../generator/model/buildChartSet.ts';
import { resolvePlatform } from '../../generator/parse/resolvePlatform.ts';
import { renderChartSet } from '../../generator/render/renderChartSet.ts';

const platform = definePlatform({
  name: 'shop',
  version: '1.2.3',
  description: 'A shop.',
  home: 'https://shop.example.com',
  maintainers: [{ name: 'Shop Team', email: 'shop@example.com' }],
  sources: ['https://git.example.com/shop/charts'],
  module: { name: 'shop-core', contractVersion: 'v2' },
  components: { storage: ceph(), db: postgres({}, { uses: ['storage'] }), backup: backup({}, { uses: ['db'] }) },
});

async function render(repository?: Repository) {
  const set = buildChartSet([resolvePlatform('values-src/shop.ts', platform)], repository ? { repository } : {});
  const files = await renderChartSet(set, 'out', '/nonexistent');
  const chart = (name: string) => parse(files.get(`out/${name}/Chart.yaml`)!) as Record<string, any>;
  return { set, files, chart };
}

describe('chart references', () => {
  it('point beside the chart by default (a git checkout)', async () => {
    const { chart } = await render();
    expect(chart('shop').dependencies.map((d: any) => [d.name, d.repository, d.alias ?? null])).toEqual([
      ['appgear-common', 'file://../appgear-common', null],
      ['core-ceph', 'file://../core-ceph', 'storage'],
      ['core-postgres', 'file://../core-postgres', 'db'],
      ['core-backup', 'file://../core-backup', 'backup'],
    ]);
    expect(chart('core-postgres').dependencies).toEqual([{ name: 'appgear-common', version: expect.any(String), repository: 'file://../appgear-common' }]);
  });

  it('point at a registry when the set is rendered for one, every chart alike', async () => {
    const { chart, files } = await render({ kind: 'remote', url: 'oci://registry.example.com/shop/' });
    for (const d of chart('shop').dependencies) expect(d.repository, d.name).toBe('oci://registry.example.com/shop');
    expect(chart('core-backup').dependencies[0].repository).toBe('oci://registry.example.com/shop');
    expect(files.get('out/shop/Chart.lock')).toContain('repository: oci://registry.example.com/shop');
  });

  it('take the umbrella\'s metadata from the platform, and each shared chart\'s from its own definition', async () => {
    const { chart, files } = await render();
    expect(chart('shop')).toMatchObject({ home: 'https://shop.example.com', maintainers: [{ name: 'Shop Team', email: 'shop@example.com' }], sources: ['https://git.example.com/shop/charts'] });
    // A sub-chart is shared by every platform that uses it: its content never depends on one of them.
    expect(chart('core-postgres').maintainers).toEqual([{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }]);
    expect(chart('appgear-common').type).toBe('library');
    // The module annotations are the platform's, given to every instance in the umbrella's values.
    const values = parse(files.get('out/shop/values.yaml')!) as Record<string, any>;
    expect(values.db.appgear).toMatchObject({ module: 'shop-core', contractVersion: 'v2' });
    expect(values.db.persistence.storageClass).toBe('ceph-block');
  });
});

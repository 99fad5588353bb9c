// From a registry onto the cluster, as a consumer of the published charts does: `appgear-charts publish`
// (signed) to a real docker-registry on 127.0.0.1, then `helm install --verify` of the umbrella from oci://
// with an environment's values file taken from the pulled package, an upgrade to a newer version published
// afterwards, and a rollback. Helm resolves nothing from git or charts/ here: everything comes from the registry.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECONFIG, startProvisioner } from '../../ci/cluster/api.mjs';
import { type TestKey, throwawayKey } from '../delivery/gpg.ts';
import { type Registry, startRegistry } from '../delivery/registry.ts';
import { cliWith, scratchRepo } from '../helpers/workspace.ts';
import { REPO, TMP, createSecrets, deleteNamespace, freshNamespace, helm, must, recordSummary, referencedSecrets, tools, unhealthy } from './harness.ts';

const TIMEOUT = '180s';
const umbrellaVersion = (parse(readFileSync(join(REPO, 'charts/appgear/Chart.yaml'), 'utf8')) as { version: string }).version;
const nextPatch = (v: string) => v.replace(/(\d+)$/, (n) => String(Number(n) + 1));

let registry: Registry;
let key: TestKey;
let url: string;
let stopProvisioner: () => Promise<void>;
const scratch: string[] = [];

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  stopProvisioner = startProvisioner(tools.kubectl, KUBECONFIG);
  [registry, key] = await Promise.all([startRegistry(), throwawayKey('cluster-publisher')]);
  url = `oci://${registry.host}/appgear/charts`;
});

afterAll(async () => {
  await stopProvisioner?.();
  await registry?.stop();
  key?.done();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** `appgear-charts publish` from `cwd`, signed with the throwaway key, through the cluster's Helm. */
async function publish(cwd: string): Promise<string> {
  const out = mkdtempSync(join(TMP, 'oci-packages-'));
  scratch.push(out);
  const r = await cliWith({ HELM: tools.helm, GNUPGHOME: key.home }, cwd, 'publish', url, '--plain-http', '--out', out, '--sign', '--key', key.email);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  return `${r.stdout}\n${r.stderr}`;
}

describe('the umbrella from an OCI registry', () => {
  it('installs verified from oci:// with an environment values file from the package, upgrades to a newer published version, rolls back', async () => {
    const published = await publish(REPO);
    expect(published).toContain(`appgear ${umbrellaVersion}: pushed`);

    // The environment files travel inside the umbrella's package: pull it (verified) and read one.
    const pulled = mkdtempSync(join(TMP, 'oci-pulled-'));
    scratch.push(pulled);
    const oci = `${url}/appgear`;
    const source = ['--plain-http', '--verify', '--keyring', key.pubring];
    await must(helm(['pull', oci, '--version', umbrellaVersion, '--untar', '--destination', pulled, ...source]), 'helm pull --verify');
    const stagingValues = join(pulled, 'appgear', 'values-staging.yaml');
    expect(readFileSync(stagingValues, 'utf8')).toContain('staging');

    const ns = await freshNamespace('appgear-core-oci');
    const common = ['--namespace', ns, '--wait', '--timeout', TIMEOUT, '-f', stagingValues, '--plain-http'];
    try {
      const manifest = (await must(helm(['template', 'core', oci, '--version', umbrellaVersion, '--namespace', ns, '-f', stagingValues, '--plain-http']), 'helm template from oci://')).stdout;
      await createSecrets(ns, referencedSecrets(manifest));
      await must(helm(['install', 'core', oci, '--version', umbrellaVersion, ...common, '--verify', '--keyring', key.pubring]), 'helm install --verify from oci://');
      expect(await unhealthy(ns)).toEqual([]);

      // A newer umbrella, published later: only the umbrella (and the bootstrap that pins it) are new.
      const repo = scratchRepo();
      scratch.push(repo);
      const module = join(repo, 'values-src/appgear.ts');
      const next = nextPatch(umbrellaVersion);
      writeFileSync(module, readFileSync(module, 'utf8').replace(`version: '${umbrellaVersion}'`, `version: '${next}'`));
      const second = await publish(repo);
      expect(second).toContain(`appgear ${next}: pushed`);
      expect(second).toMatch(/core-postgres \S+: already published, identical/);

      await must(helm(['upgrade', 'core', oci, '--version', next, ...common, '--verify', '--keyring', key.pubring]), `helm upgrade --verify to ${next} from oci://`);
      expect(await unhealthy(ns)).toEqual([]);
      const upgraded = JSON.parse((await must(helm(['list', '--namespace', ns, '-o', 'json']), 'helm list')).stdout) as { chart: string; status: string }[];
      expect(upgraded).toEqual([expect.objectContaining({ chart: `appgear-${next}`, status: 'deployed' })]);

      await must(helm(['rollback', 'core', '1', '--namespace', ns, '--wait', '--timeout', TIMEOUT]), 'helm rollback');
      const history = JSON.parse((await must(helm(['history', 'core', '--namespace', ns, '-o', 'json']), 'helm history')).stdout) as { revision: number; chart: string; status: string }[];
      expect(history.map((h) => [h.revision, h.chart, h.status])).toEqual([
        [1, `appgear-${umbrellaVersion}`, 'superseded'],
        [2, `appgear-${next}`, 'superseded'],
        [3, `appgear-${umbrellaVersion}`, 'deployed'],
      ]);
      expect(await unhealthy(ns)).toEqual([]);
      recordSummary('oci', { registry: registry.host, installed: umbrellaVersion, upgradedTo: next });
      console.log(`[cluster] oci: published to ${registry.host}, installed appgear ${umbrellaVersion} verified from oci:// with values-staging.yaml from the package, upgraded to ${next} (published later), rolled back`);
    } finally {
      await helm(['uninstall', 'core', '--namespace', ns, '--wait', '--timeout', TIMEOUT, '--ignore-not-found']);
      await deleteNamespace(ns);
    }
  });
});

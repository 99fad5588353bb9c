// Third-party linters over every render (chart x scenario x environment, Helm 4): kube-score, checkov and
// kubeconform (strict, against the pinned Kubernetes and CRD schemas). Every finding must be in the reviewed
// allowlist ci/linters/allowlist.yaml, and every allowlist entry must still match a finding.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, helms, scratchCharts } from '../helpers/helm.ts';
import {
  type AllowEntry, type Finding, type Render, checkov, compare, formatFindings, kubeScore, kubeconform, loadAllowlist, renderAll,
} from '../helpers/linters.ts';

const ALLOWLIST = join(REPO, 'ci/linters/allowlist.yaml');
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);

describe('the allowlist comparison', () => {
  const finding: Finding = { tool: 'checkov', check: 'CKV_K8S_22', object: 'StatefulSet/core-rabbitmq', render: 'appgear/defaults', detail: '' };
  const entry = (o: Partial<AllowEntry>): AllowEntry => ({ tool: 'checkov', check: 'CKV_K8S_22', object: 'StatefulSet/*', reason: 'test entry for the comparison', ...o });

  it('reports a finding the allowlist does not cover', () => {
    expect(compare([finding], []).unexpected).toEqual([finding]);
    expect(compare([finding], [entry({ check: 'CKV_K8S_40' })]).unexpected).toEqual([finding]);
    expect(compare([finding], [entry({ object: 'StatefulSet/core-redis' })]).unexpected).toEqual([finding]);
    expect(compare([finding], [entry({ render: 'core-*/*' })]).unexpected).toEqual([finding]);
    expect(compare([finding], [entry({ tool: 'kube-score' })]).unexpected).toEqual([finding]);
  });

  it('accepts a covered finding (globs on object and render) and reports entries that match nothing as stale', () => {
    const r = compare([finding], [entry({ render: 'appgear/*' }), entry({ object: 'Deployment/*' })]);
    expect(r.unexpected).toEqual([]);
    expect(r.allowed).toEqual([finding]);
    expect(r.stale.map((e) => e.object)).toEqual(['Deployment/*']);
  });

  it('loads the reviewed allowlist (every entry has tool, check, object and a reason)', () => {
    expect(() => loadAllowlist(ALLOWLIST)).not.toThrow();
  });
});

describe('the generated kubeconform schemas', () => {
  // kubeconform reports nothing on the charts today: show that its generated schemas do reject things.
  it('has kubeconform reject unknown fields, wrong types and unknown kinds (strict, CRDs included)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'appgear-lint-bad-'));
    writeFileSync(join(dir, 'bad--objects.yaml'), [
      'apiVersion: v1\nkind: Service\nmetadata: {name: svc, colour: red}\nspec: {ports: [{port: 80}]}',
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: sts}\nspec: {selector: {}, serviceName: s, template: {spec: {containers: [{name: c, image: i, ports: [{containerPort: "80"}]}]}}}',
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es}\nspec: {target: {name: s, colour: red}}',
      'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\nspec: {minAvailable: 1}',
    ].join('\n---\n'));
    const { findings } = await kubeconform(dir);
    expect(findings.map((f) => `${f.check} ${f.object}`).sort()).toEqual([
      'error PodDisruptionBudget/pdb', 'invalid ExternalSecret/es', 'invalid Service/svc', 'invalid StatefulSet/sts',
    ]);
  });
});

describe('kube-score, checkov and kubeconform on every render', () => {
  let renders: Render[] = [];
  let ks: Awaited<ReturnType<typeof kubeScore>>;
  let ck: Awaited<ReturnType<typeof checkov>>;
  let kc: Awaited<ReturnType<typeof kubeconform>>;
  const objects = () => renders.reduce((n, r) => n + r.objects.length, 0);

  beforeAll(async () => {
    const helm4 = helms().find((h) => h.name === 'helm4')!;
    const dir = join(mkdtempSync(join(tmpdir(), 'appgear-lint-')), 'renders');
    renders = await renderAll(helm4, await scratchCharts(helm4), dir);
    [ks, ck, kc] = await Promise.all([kubeScore(renders), checkov(dir), kubeconform(dir)]);
  }, 900_000);

  it('renders every chart with its defaults, each ci scenario and each umbrella environment', () => {
    expect(renders.length).toBeGreaterThanOrEqual(9);
    expect(renders.some((r) => r.id === 'appgear/defaults')).toBe(true);
    expect(objects()).toBeGreaterThan(100);
  });

  // A clean result means something only if each tool looked at every object.
  it('has every linter look at every rendered object', () => {
    for (const r of renders) {
      for (const o of r.objects.filter((x) => WORKLOADS.has(x.kind))) {
        expect(ks.scored.get(r.id)?.has(`${o.kind}/${o.metadata.name}`), `kube-score scored ${o.kind}/${o.metadata.name} in ${r.id}`).toBe(true);
      }
    }
    expect(ck.summary.parsing_errors, 'checkov parsing errors').toBe(0);
    expect(ck.summary.resource_count, 'checkov resources').toBeGreaterThanOrEqual(objects());
    expect(kc.summary.valid + kc.summary.invalid + kc.summary.errors, 'kubeconform resources').toBe(objects());
    expect(kc.summary.skipped, 'kubeconform skipped').toBe(0);
  });

  it('finds nothing outside the reviewed allowlist, and the allowlist has no stale entry', () => {
    const allowlist = loadAllowlist(ALLOWLIST);
    const all = [...ks.findings, ...ck.findings, ...kc.findings];
    const { unexpected, allowed, stale } = compare(all, allowlist);
    const count = (list: Finding[], t: string) => list.filter((f) => f.tool === t).length;
    console.log(
      `linters: ${renders.length} renders, ${objects()} objects; `
      + `kube-score ${count(unexpected, 'kube-score')} new (${count(allowed, 'kube-score')} allowed), `
      + `checkov ${count(unexpected, 'checkov')} new (${count(allowed, 'checkov')} allowed), `
      + `kubeconform ${count(unexpected, 'kubeconform')} invalid (${count(allowed, 'kubeconform')} allowed); `
      + `allowlist ${allowlist.length} entries`,
    );
    const problems = [
      unexpected.length ? `${unexpected.length} finding(s) not in ci/linters/allowlist.yaml (fix the chart, or add a reviewed entry):\n${formatFindings(unexpected)}` : '',
      stale.length ? `${stale.length} stale allowlist entr(ies), matching no finding (remove them):\n${stale.map((e) => `    ${e.tool} ${e.check} ${e.object}${e.render ? ` (${e.render})` : ''}`).join('\n')}` : '',
    ].filter(Boolean).join('\n\n');
    expect(unexpected.length + stale.length, problems).toBe(0);
  });
});

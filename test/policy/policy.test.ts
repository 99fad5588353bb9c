// Policy rules on component declarations and quantities.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineComponent } from '../../generator/dsl/component.ts';
import { checkComponentPolicies } from '../../generator/policy/checkPolicies.ts';
import { parseQuantity } from '../../generator/policy/quantity.ts';
import { postgres } from '../../generator/components/postgres/index.ts';

const withPodSecurity = (podSecurity: any) =>
  defineComponent({ ...postgres.spec, id: 'fixture', values: z.strictObject({}), capabilities: { ...postgres.spec.capabilities, podSecurity }, scenarios: {} });

describe('policy', () => {
  it('parses Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('2Gi')).toBe(2 * 2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1.5Mi')).toBe(1.5 * 2 ** 20);
    expect(parseQuantity('ten')).toBeNaN();
  });

  it('refuses a Pod Security level below restricted without a reason', () => {
    const r = checkComponentPolicies(withPodSecurity({ level: 'privileged', reason: '  ' }));
    expect(r.problems.map((p) => p.message)).toEqual(['level "privileged" is below "restricted"; expected a reason']);
  });

  it('reports a declared exception with its reason', () => {
    const r = checkComponentPolicies(withPodSecurity({ level: 'privileged', reason: 'OSDs need raw block devices' }));
    expect(r.problems).toEqual([]);
    expect(r.exceptions).toEqual(['core-postgres: Pod Security "privileged" (OSDs need raw block devices)']);
  });

  it('has nothing to report for restricted components', () => {
    expect(checkComponentPolicies(postgres)).toEqual({ problems: [], exceptions: [] });
  });
});

// Checks across the chart's own values that the shared rules cannot say: a Pod Security level below restricted
// needs a reason, and the LimitRange's defaults must fit (default request <= default limit <= max), which the API
// server would refuse otherwise. The generator runs them here; templates/checks.yaml runs the same checks at
// install time with the same words.
import { parseQuantity } from '../../policy/quantity.ts';

/** The words both times print; values are given already shown (JSON). */
export const MESSAGES = {
  reason: (level: string, found: string) =>
    `expected a reason when podSecurity.enforce is ${level} (a level below "restricted" is an exception), found ${found}`,
  requestAboveDefault: (q: string, request: string, limit: string) =>
    `the default ${q} request ${request} is above the default ${q} limit ${limit}; expected a default request no higher than limits.default.${q}`,
  defaultAboveMax: (q: string, limit: string, max: string) =>
    `the default ${q} limit ${limit} is above the maximum ${max}; expected a default limit no higher than limits.max.${q}`,
};

export const QUANTITIES = ['cpu', 'memory'] as const;

interface Problem { path: (string | number)[]; message: string }

type Quantities = Record<(typeof QUANTITIES)[number], string | number>;

interface Checked {
  podSecurity: { enforce: string; reason: string };
  limits: { enabled: boolean; defaultRequest: Quantities; default: Quantities; max: Quantities };
}

export function isolationProblems(v: Checked): Problem[] {
  const out: Problem[] = [];
  if (v.podSecurity.enforce !== 'restricted' && v.podSecurity.reason.trim() === '') {
    out.push({ path: ['podSecurity', 'reason'], message: MESSAGES.reason(JSON.stringify(v.podSecurity.enforce), JSON.stringify(v.podSecurity.reason)) });
  }
  if (!v.limits.enabled) return out;
  for (const q of QUANTITIES) {
    const req = v.limits.defaultRequest[q];
    const def = v.limits.default[q];
    const max = v.limits.max[q];
    if (parseQuantity(req) > parseQuantity(def)) {
      out.push({ path: ['limits', 'defaultRequest', q], message: MESSAGES.requestAboveDefault(q, JSON.stringify(req), JSON.stringify(def)) });
    }
    if (parseQuantity(def) > parseQuantity(max)) {
      out.push({ path: ['limits', 'default', q], message: MESSAGES.defaultAboveMax(q, JSON.stringify(def), JSON.stringify(max)) });
    }
  }
  return out;
}

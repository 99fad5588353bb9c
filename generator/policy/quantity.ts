// Kubernetes resource quantities as numbers, for comparing requests with limits.
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** "500m" -> 0.5, "2Gi" -> 2147483648; NaN when it is not a quantity. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)([a-zA-Z]*)$/.exec(q);
  const factor = m ? SUFFIX[m[2]!] : undefined;
  return m && factor !== undefined ? Number(m[1]) * factor : Number.NaN;
}

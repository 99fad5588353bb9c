// Kubernetes resource quantities as numbers, for comparing requests with limits. The chart's guard does
// the same arithmetic at install time (its "quantity" helper), suffix for suffix.
export const QUANTITY_SUFFIXES: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** "500m" -> 0.5, "2Gi" -> 2147483648, "1e3" -> 1000; NaN when it is not a quantity. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^\+?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([eE][-+]?[0-9]+)|([a-zA-Z]*))$/.exec(q);
  if (!m) return Number.NaN;
  if (m[2]) return Number(`${m[1]}${m[2]}`);
  const factor = QUANTITY_SUFFIXES[m[3] ?? ''];
  return factor === undefined ? Number.NaN : Number(m[1]) * factor;
}

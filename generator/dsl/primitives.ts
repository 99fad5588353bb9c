// Leaf value types shared by every component. Patterns are RE2-safe (Helm validates
// them with Go's regexp): no lookaround, no backreferences.
import { z } from 'zod';

/** A DNS-1123 label: lowercase alphanumerics and '-', at most 63 characters. */
export const dnsLabel = () =>
  z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      error: (iss) => `expected a DNS-1123 label (lowercase letters, digits, '-'), found ${show(iss.input)}`,
    });

/** A DNS-1123 subdomain, the shape of most Kubernetes object names. */
export const k8sName = () =>
  z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      error: (iss) => `expected a Kubernetes object name (DNS-1123 subdomain), found ${show(iss.input)}`,
    });

/** A Kubernetes label value (may be empty). */
export const labelValue = () =>
  z
    .string()
    .max(63)
    .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, {
      error: (iss) => `expected a Kubernetes label value, found ${show(iss.input)}`,
    });

const QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A Kubernetes resource quantity such as "500m", "2", "512Mi" or "200Gi". */
export const quantity = (what = 'a Kubernetes quantity like "512Mi" or "500m"') =>
  z.union([z.string().regex(QUANTITY), z.number().nonnegative()], {
    error: (iss) => `expected ${what}, found ${show(iss.input)}`,
  });

/** A storage size: a quantity with a binary or decimal suffix, e.g. "20Gi". */
export const storageSize = () =>
  z.string().regex(/^[0-9]+(\.[0-9]+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)$/, {
    error: (iss) => `expected a storage size like "20Gi", found ${show(iss.input)}`,
  });

/** An image tag that pins a version: never "latest", never empty. */
export const imageTag = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
      error: (iss) => `expected an image tag like "16.10", found ${show(iss.input)}`,
    })
    .refine((t) => t !== 'latest', { error: 'expected a pinned image tag, found "latest"' })
    .meta({ not: { enum: ['latest'] } });

/** An image digest ("sha256:<64 hex>") or the empty string. */
export const imageDigest = () =>
  z.string().regex(/^(sha256:[a-f0-9]{64})?$/, {
    error: (iss) => `expected "sha256:<64 hex digits>" or "", found ${show(iss.input)}`,
  });

/** A Go duration as Kubernetes and external-secrets read it, e.g. "1h", "15m". */
export const duration = () =>
  z.string().regex(/^([0-9]+(ns|us|ms|s|m|h))+$/, {
    error: (iss) => `expected a duration like "1h" or "30m", found ${show(iss.input)}`,
  });

/** A free-form Kubernetes object (affinity, tolerations entries, ...), passed through as-is. */
export const k8sObject = () => z.record(z.string(), z.unknown());

/** A string-to-string map such as labels or annotations. */
export const stringMap = () => z.record(z.string(), z.string());

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === 'object') return `an object (${JSON.stringify(v).slice(0, 60)})`;
  return `${typeof v} ${String(v)}`;
}

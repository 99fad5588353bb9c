// Pinned versions of the tools the cluster tests build (CRD versions are in crds.mjs).
import { join } from 'node:path';
import { CACHE_DIR } from '../tools.mjs';

export const K8S = { version: 'v1.35.4', staging: 'v0.35.4' };
export const ETCD = { version: 'v3.6.16' };
export const KWOK = { version: 'v0.8.0' };
export const CT = { version: 'v3.14.0' };
// Python tools chart-testing shells out to.
export const PY = { yamllint: '1.38.0', yamale: '6.1.0' };

// CRD versions live in crds.mjs next to the paths inside each module.

export const CLUSTER_NAME = 'appgear';
/** Where the kind-less cluster lives: kwokctl's own working directory, outside the repository. */
export const KWOK_HOME = join(CACHE_DIR, '..', 'kwok');

export { CACHE_DIR };

// Every component the generator knows, one line each: adding a component is its folder plus its line here.
export { airbyte } from './airbyte/index.ts';
export { app } from './app/index.ts';
export { backup } from './backup/index.ts';
export { ceph } from './ceph/index.ts';
export { factory } from './factory/index.ts';
export { isolation } from './isolation/index.ts';
export { postgres } from './postgres/index.ts';
export { qdrant } from './qdrant/index.ts';
export { rabbitmq } from './rabbitmq/index.ts';
export { redis } from './redis/index.ts';
export { redpanda } from './redpanda/index.ts';
export { velero } from './velero/index.ts';

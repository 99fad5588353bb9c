// Every component the generator knows. Adding a component: its folder, plus its name in the
// import and the two lists below.
import type { Component } from '../dsl/component.ts';
import { backup } from './backup/index.ts';
import { ceph } from './ceph/index.ts';
import { gitops } from './gitops/index.ts';
import { postgres } from './postgres/index.ts';
import { qdrant } from './qdrant/index.ts';
import { rabbitmq } from './rabbitmq/index.ts';
import { redis } from './redis/index.ts';
import { redpanda } from './redpanda/index.ts';

export { backup, ceph, gitops, postgres, qdrant, rabbitmq, redis, redpanda };

export const components: readonly Component<any>[] = [ceph, postgres, redis, qdrant, rabbitmq, redpanda, backup, gitops];

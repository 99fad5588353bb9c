// Every component the generator knows. Adding a component: its folder, plus its name in the
// import and the two lists below.
import type { Component } from '../dsl/component.ts';
import { postgres } from './postgres/index.ts';
import { qdrant } from './qdrant/index.ts';
import { rabbitmq } from './rabbitmq/index.ts';
import { redis } from './redis/index.ts';
import { redpanda } from './redpanda/index.ts';

export { postgres, qdrant, rabbitmq, redis, redpanda };

export const components: readonly Component<any>[] = [postgres, redis, qdrant, rabbitmq, redpanda];

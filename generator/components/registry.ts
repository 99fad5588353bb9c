// Every component the generator knows. Adding a component: its folder plus one line here.
import type { Component } from '../dsl/component.ts';
import { postgres } from './postgres/index.ts';
import { qdrant } from './qdrant/index.ts';
import { redis } from './redis/index.ts';

export const components: readonly Component<any>[] = [postgres, redis, qdrant];

// The public DSL: what values-src modules import (as "appgear-charts").
export { definePlatform, type Platform, type PlatformSpec } from './dsl/platform.ts';
export { defineComponent, type Component, type ComponentSpec, type Capabilities } from './dsl/component.ts';
export type { GlobalInput } from './dsl/global.ts';
export { backup, ceph, components, gitops, postgres, qdrant, rabbitmq, redis, redpanda } from './components/registry.ts';

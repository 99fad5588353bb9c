// The public DSL: what values-src modules import (as "appgear-charts").
export { definePlatform, type Platform, type PlatformSpec } from './dsl/platform.ts';
export { defineComponent, type Component, type ComponentSpec, type Capabilities } from './dsl/component.ts';
export type { GlobalInput } from './dsl/global.ts';
export * from './components/registry.ts';
export { components } from './components/index.ts';

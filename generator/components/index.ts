// The components of registry.ts as a list (shared code iterates it; it never names one).
import type { Component } from '../dsl/component.ts';
import * as registry from './registry.ts';

export const components: readonly Component<any>[] = Object.values(registry);

// Types for build.mjs, imported by tests and benchmarks.
import type { BuildResult } from 'esbuild';
export function buildCode(): Promise<BuildResult>;
export function buildUi(): Promise<BuildResult>;
export function buildServer(): Promise<BuildResult>;
export function buildAll(): Promise<void>;

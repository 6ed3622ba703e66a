// Types for build.mjs, imported by tests and benchmarks.
import type { BuildResult } from 'esbuild';
import type { NetworkAccess } from './core/network-access';

export interface BuildPaths {
  outDir: string;
  manifestPath: string;
}
export interface UiNetwork {
  defaultBackendUrl: string;
  allowedDomains: string[];
  devAllowedDomains: string[];
}
export const DEV_BACKEND_URL: string;
export function backendOrigin(value: string): string;
export function manifestFor<M extends { networkAccess?: NetworkAccess }>(manifest: M, backend: string): M;
export function networkOf(manifest: { networkAccess?: NetworkAccess }): UiNetwork;
export function buildCode(paths?: BuildPaths): Promise<BuildResult>;
export function buildUi(paths?: BuildPaths): Promise<BuildResult>;
export function buildServer(paths?: Pick<BuildPaths, 'outDir'>): Promise<BuildResult>;
export function buildAll(options?: { backend?: string; outDir?: string; manifestPath?: string }): Promise<void>;

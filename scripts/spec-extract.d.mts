// Types for scripts/spec-extract.mjs, imported by test/spec/extract.test.ts.
export const EXTRACT_PATH: string;
export const ROOTS: string[];
export function extractSchemas(schemas: Record<string, unknown>, roots?: readonly string[]): Record<string, unknown>;
export function renderExtract(specText: string, commit: string, roots?: readonly string[]): string;

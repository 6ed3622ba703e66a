/**
 * The committed OpenAI spec extract (test/spec/openai-schemas.yaml): self-contained, with its provenance and
 * licence, and the script that writes it keeps exactly what the roots reach.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTRACT_PATH, extractSchemas, renderExtract, ROOTS } from '../../scripts/spec-extract.mjs';

const refsOf = (node: unknown): string[] =>
  Array.isArray(node)
    ? node.flatMap(refsOf)
    : node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refsOf(v)))
      : [];

describe('spec extract', () => {
  const text = readFileSync(EXTRACT_PATH, 'utf8');
  const schemas = (parse(text) as { components: { schemas: Record<string, unknown> } }).components.schemas;

  it('names its source commit and carries OpenAI\'s MIT licence beside it', () => {
    expect(text).toMatch(/^# Extracted from OpenAI's OpenAPI document, repository openai\/openai-openapi,\n# commit [0-9a-f]{40} /);
    const licence = readFileSync(join(dirname(EXTRACT_PATH), 'LICENSE'), 'utf8');
    expect(licence).toMatch(/The MIT License/);
    expect(licence).toMatch(/Copyright \(c\) OpenAI/);
  });

  it('holds every root schema and every schema they $ref, nothing dangling', () => {
    for (const root of ROOTS) expect(schemas).toHaveProperty(root);
    const dangling = refsOf(schemas).filter((ref) => !(ref.replace('#/components/schemas/', '') in schemas));
    expect(dangling).toEqual([]);
  });

  it('keeps what the roots reach, transitively, and only that', () => {
    const source = {
      A: { properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { anyOf: [{ $ref: '#/components/schemas/C' }, { type: 'null' }] },
      C: { type: 'string' },
      Unused: { $ref: '#/components/schemas/C' },
    };
    expect(Object.keys(extractSchemas(source, ['A']))).toEqual(['A', 'B', 'C']);
    expect(() => extractSchemas(source, ['Missing'])).toThrow(/no schema named Missing/);
    expect(() => extractSchemas({ A: { $ref: '#/components/responses/X' } }, ['A'])).toThrow(/unsupported \$ref/);
  });

  it('renders a header and the schemas, with aliases expanded', () => {
    const spec = 'info: {version: "9"}\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B: {properties: {x: *a, y: *a}}\n';
    const out = renderExtract(spec, 'f'.repeat(40), ['B']);
    expect(out).toContain(`# commit ${'f'.repeat(40)} (API version 9)`);
    expect(out).not.toMatch(/[&*]a\b/);
    expect(parse(out)).toEqual({ components: { schemas: { B: { properties: { x: { type: 'string' }, y: { type: 'string' } } } } } });
  });
});

/**
 * The committed OpenAI spec extract (test/spec/openai-schemas.json): self-contained, with its provenance and
 * licence, and the script that writes it keeps exactly what the roots reach.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACT_PATH, extractSchemas, renderExtract, ROOTS } from '../../scripts/spec-extract.mjs';

const refsOf = (node: unknown): string[] =>
  Array.isArray(node)
    ? node.flatMap(refsOf)
    : node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refsOf(v)))
      : [];

describe('spec extract', () => {
  const extract = JSON.parse(readFileSync(EXTRACT_PATH, 'utf8')) as { $comment: string; source: { repository: string; commit: string }; components: { schemas: Record<string, unknown> } };
  const schemas = extract.components.schemas;

  it('names its source commit and carries OpenAI\'s MIT licence beside it', () => {
    expect(extract.$comment).toMatch(/^Extracted from OpenAI's OpenAPI document \(repository openai\/openai-openapi/);
    expect(extract.source).toMatchObject({ repository: 'openai/openai-openapi', license: 'MIT' });
    expect(extract.source.commit).toMatch(/^[0-9a-f]{40}$/);
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
    const out = JSON.parse(renderExtract(spec, 'f'.repeat(40), ['B'])) as Record<string, unknown>;
    expect(out.source).toEqual({ repository: 'openai/openai-openapi', commit: 'f'.repeat(40), apiVersion: '9', license: 'MIT' });
    expect(out.components).toEqual({ schemas: { B: { properties: { x: { type: 'string' }, y: { type: 'string' } } } } });
  });
});

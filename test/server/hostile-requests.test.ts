/**
 * Property-based: malformed, oversized and hostile requests at every route never produce a 5xx or a crash, and
 * every refusal carries an OpenAI-shaped error body with a code.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../contract/api';
import { startTestBackend, TOKEN, type TestBackend } from './helpers';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend({ env: { FIGMENT_RATE_LIMIT_RPM: '100000', FIGMENT_IMAGES_PER_DAY: '100000', FIGMENT_MAX_UPLOAD_MB: '1' } });
});
afterAll(() => backend.close(1000));

const paths = fc.constantFrom(
  ROUTES.health,
  ROUTES.config,
  ROUTES.generations,
  ROUTES.edits,
  ROUTES.responses,
  ROUTES.jobs,
  `${ROUTES.jobs}/job_${'0'.repeat(32)}`,
  `${ROUTES.jobs}/../../etc/passwd`,
  `${ROUTES.jobs}/x/images/-1`,
  '/v1/images/variations',
  '/',
);
const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
const authHeaders = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: `Bearer ${TOKEN}` },
  { authorization: 'Bearer ' },
  { authorization: `Basic ${TOKEN}` },
  { authorization: `Bearer ${TOKEN} trailing` },
  { authorization: `Bearer ${"x".repeat(5000)}` },
);
const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.record(
    {
      prompt: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('x'.repeat(40_000))),
      model: fc.oneof(fc.constantFrom('gpt-image-2', 'gpt-image-1.5', 'dall-e-3', ''), fc.string()),
      size: fc.oneof(fc.constantFrom('auto', '1024x1024', '16x16', '4000x1000', '1024x-1', 'NaNxNaN'), fc.string()),
      n: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.double(), fc.string()),
      quality: fc.oneof(fc.constantFrom('low', 'high', 'ultra'), fc.string()),
      stream: fc.oneof(fc.boolean(), fc.string()),
      input: fc.oneof(fc.string(), fc.json(), fc.constant([{ role: 'user', content: [{ type: 'input_image', image_url: 'file:///etc/passwd' }] }])),
      tools: fc.oneof(fc.json(), fc.constant([{ type: 'image_generation' }]), fc.constant([{ type: 'web_search' }])),
      previous_response_id: fc.oneof(fc.string(), fc.constant('resp_abc')),
      partial_images: fc.integer({ min: -2, max: 9 }),
      __proto__: fc.json(),
      constructor: fc.json(),
    },
    { requiredKeys: [] },
  ).map((o) => JSON.stringify(o)),
);
const contentTypes = fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=zzz', 'multipart/form-data', '');

async function expectGoodAnswer(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  } else {
    await res.arrayBuffer();
  }
}

describe('hostile requests', () => {
  it('never get a 5xx, and refusals always carry an error code', async () => {
    await fc.assert(
      fc.asyncProperty(paths, methods, authHeaders, jsonish, contentTypes, async (path, method, auth, body, type) => {
        const withBody = method !== 'GET' && method !== 'OPTIONS';
        // Valid generations are fine too, but keep them cheap: the demo provider answers at once.
        const res = await fetch(`${backend.url}${path}`, {
          method,
          headers: { ...auth, ...(type ? { 'content-type': type } : {}) },
          body: withBody ? body : undefined,
        });
        if (method === 'OPTIONS') {
          expect(res.status).toBeLessThan(500);
          return;
        }
        await expectGoodAnswer(res);
      }),
      { numRuns: 300 },
    );
  });

  it('survive broken multipart bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.string({ maxLength: 40 }), async (bytes, boundary) => {
        const res = await fetch(`${backend.url}${ROUTES.edits}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: bytes,
        });
        await expectGoodAnswer(res);
      }),
      { numRuns: 150 },
    );
  });

  it('are still answered after all that', async () => {
    const res = await backend.call('/v1/health', { token: null });
    expect(res.status).toBe(200);
  });
});

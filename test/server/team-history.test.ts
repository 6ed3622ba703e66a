/**
 * FIGMENT_HISTORY=team: every token lists and reads every token's jobs (detail, kept images, the events replay),
 * each named by its owner; cancel stays the owner's alone. The default (own) is in jobs.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type BackendConfig, type JobInfo, type JobList } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  backend = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_HISTORY: 'team' } });
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const ben = { token: 'test-access-token-ben' };

async function generate(prompt: string, as: { token?: string } = {}): Promise<string> {
  const res = await backend.call('/v1/images/generations', { ...as, json: { prompt, size: '1024x1024' } });
  expect(res.status).toBe(200);
  await res.json();
  return res.headers.get(JOB_ID_HEADER)!;
}

describe('team history', () => {
  it('lists every token’s jobs with their owners, and a teammate reads one’s detail, image and replay', async () => {
    const anas = await generate('ana’s poster');
    const anaImage = Buffer.from(standIn.replies.at(-1)!.finals[0]!);
    const bens = await generate('ben’s banner', ben);
    expect(((await (await backend.call('/v1/config', ben)).json()) as BackendConfig).history).toBe('team');

    const listed = ((await (await backend.call('/v1/jobs', ben)).json()) as JobList).data;
    expect(listed.map((j) => [j.id, j.owner])).toEqual([
      [bens, 'ben'],
      [anas, 'ana'],
    ]);
    // Team history widens who sees a job, not what it carries: without FIGMENT_LOG_PROMPTS no prompt is listed.
    expect(listed.every((j) => !('prompt' in j))).toBe(true);

    const detail = (await (await backend.call(`/v1/jobs/${anas}`, ben)).json()) as JobInfo;
    expect(detail).toMatchObject({ id: anas, owner: 'ana', status: 'succeeded' });
    const image = await backend.call(detail.images[0]!.url, ben);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(anaImage)).toBe(true);
    const replay = await readSse(await backend.call(`/v1/jobs/${anas}/events`, ben));
    expect(replay.map((m) => m.event)).toEqual(['image_generation.completed']);
    expect(Buffer.from(JSON.parse(replay[0]!.data).b64_json, 'base64').equals(anaImage)).toBe(true);
  });

  it('lets only the owner cancel: a teammate gets 403 and the run goes on', async () => {
    standIn.setOptions({ partialIntervalMs: 1_000 });
    try {
      const res = await backend.call('/v1/images/generations', { json: { prompt: 'slow', size: '1024x1024', stream: true, partial_images: 3 } });
      const jobId = res.headers.get(JOB_ID_HEADER)!;
      const events = readSse(res);
      const refused = await backend.call(`/v1/jobs/${jobId}`, { ...ben, method: 'DELETE' });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Only the access token that started this job \(ana\)/);
      // Still running, and still readable by the teammate.
      expect(((await (await backend.call(`/v1/jobs/${jobId}`, ben)).json()) as JobInfo).status).toBe('running');
      const cancelled = await backend.call(`/v1/jobs/${jobId}`, { method: 'DELETE' });
      expect(cancelled.status).toBe(200);
      expect(((await cancelled.json()) as JobInfo).status).toBe('cancelled');
      expect((await events).at(-1)?.event).toBe('error');
    } finally {
      standIn.setOptions({ partialIntervalMs: 0 });
    }
  });
});

/** FIGMENT_LOG_PROMPTS: the jobs routes return a job's prompt only when the team keeps prompts; never by default. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobInfo, type JobList } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let kept: TestBackend;
let plain: TestBackend;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  const env = { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL };
  kept = await startTestBackend({ env: { ...env, FIGMENT_LOG_PROMPTS: '1' } });
  plain = await startTestBackend({ env });
});
afterAll(async () => {
  await kept.close(1000);
  await plain.close(1000);
  await standIn.close();
});

async function generate(backend: TestBackend, prompt: string): Promise<{ listed: JobInfo; one: JobInfo }> {
  const res = await backend.call('/v1/images/generations', { json: { prompt, size: '1024x1024' } });
  const jobId = res.headers.get(JOB_ID_HEADER)!;
  await res.json();
  const list = (await (await backend.call('/v1/jobs')).json()) as JobList;
  const one = (await (await backend.call(`/v1/jobs/${jobId}`)).json()) as JobInfo;
  return { listed: list.data.find((j) => j.id === jobId)!, one };
}

describe('job prompts', () => {
  it('are returned with FIGMENT_LOG_PROMPTS=1', async () => {
    const { listed, one } = await generate(kept, 'a lighthouse at dusk');
    expect(listed.prompt).toBe('a lighthouse at dusk');
    expect(one.prompt).toBe('a lighthouse at dusk');
  });

  it('are never returned by default', async () => {
    const { listed, one } = await generate(plain, 'a secret launch poster');
    expect(listed).toBeDefined();
    expect('prompt' in listed).toBe(false);
    expect('prompt' in one).toBe(false);
  });
});

/**
 * What an end-to-end file runs against, started once per file: the OpenAI stand-in, the real backend relaying
 * to it (with the stand-in's key and address, as `OPENAI_API_KEY` and `OPENAI_BASE_URL`), and Chromium with the
 * Figma host emulator.
 */
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { startOpenAIStandIn, type StandIn, type StandInOptions } from '../standin';
import { configurePlugin, startE2E, type E2E, type HostPage } from './browser';

export interface Stack {
  standIn: StandIn;
  backend: TestBackend;
  e2e: E2E;
}

/** `backendEnv`: the backend's own settings besides the stand-in's key and address (models, moderation...). */
export async function startStack(standInOptions: StandInOptions = {}, backendEnv: Record<string, string> = {}): Promise<Stack> {
  const standIn = await startOpenAIStandIn(standInOptions);
  const backend = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, ...backendEnv } });
  const e2e = await startE2E();
  return { standIn, backend, e2e };
}

/** Closes what was started, browser first; parts that never started (a failed beforeAll) are skipped. */
export async function closeStack({ standIn, backend, e2e }: Partial<Stack>): Promise<void> {
  await e2e?.close();
  await backend?.close(1000);
  await standIn?.close();
}

/** A plugin window set up against `backend` (Settings filled), with one new frame made and selected. */
export async function openOnFrame(
  e2e: E2E,
  backend: TestBackend,
  props: Parameters<HostPage['host']['createFrame']>[0],
): Promise<{ p: HostPage; frame: string }> {
  const p = await e2e.open();
  const frame = await p.host.createFrame(props);
  await configurePlugin(p, backend.url, TOKEN);
  await p.host.select([frame]);
  return { p, frame };
}

// @vitest-environment happy-dom
/** Cost in plain sight: the estimate before sending, the actual cost after, the session total and the budget left. */
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendConfig, ImageUsage } from '../../contract/api';
import type { Target } from '../../contract/messages';
import { createBackendClient } from '../../ui/api/client';
import { Chat } from '../../ui/components/Chat';
import { CostLine } from '../../ui/components/CostLine';
import { TargetList } from '../../ui/components/TargetList';
import type { Run } from '../../ui/run/run';
import { jsonResponse, runFixture } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const BASE = 'http://127.0.0.1:8787';
const target = (id: string, name: string, width: number, height: number): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false });
const usage = (output: number): ImageUsage => ({ input_tokens: 12, output_tokens: output, total_tokens: output + 12, input_tokens_details: { text_tokens: 12, image_tokens: 0 } });
const item = (id: string, patch: Partial<Run>): Run => runFixture(id, patch);

const config = (imagesToday: number, spendTodayUsd: number | null): BackendConfig => ({
  provider: 'openai',
  defaultModel: 'gpt-image-2',
  draftModel: 'gpt-image-2',
  editModel: 'gpt-image-2',
  models: [],
  limits: { requestsPerMinute: 10, imagesPerDay: 500, spendPerDayUsd: spendTodayUsd === null ? null : 5, maxImagesPerRequest: 4, maxPromptChars: 32000 },
  remaining: { requestsThisMinute: 10, imagesToday, spendTodayUsd, dailyResetAt: '2026-01-06T00:00:00Z' },
  moderation: 'on',
});

/** GET /v1/config answers with the next of `answers` (the last one again once they run out). */
function configRoute(answers: BackendConfig[]) {
  let calls = 0;
  vi.stubGlobal('fetch', async (url: string) => {
    expect(url).toBe(`${BASE}/v1/config`);
    return jsonResponse(200, answers[Math.min(calls++, answers.length - 1)]);
  });
  return { calls: () => calls };
}
const client = () => createBackendClient({ backendUrl: BASE, accessToken: 'tok' });
const spending = () => screen.getByLabelText('Spending').textContent;

describe('cost before and after', () => {
  it('estimates the batch before sending: price and time, from each frame’s size and quality', () => {
    render(<TargetList model="gpt-image-2" runs={[]} selection={{ targets: [target('a', 'Hero', 800, 450), target('b', 'Icon', 64, 64)], skipped: [] }} />);
    // Hero 1600x896 medium (1113 + 200 partial tokens) and Icon 816x816 low (171 + 200) at $30 per 1M output tokens.
    expect(screen.getByRole('region', { name: 'Targets' }).querySelector('.estimate')!.textContent).toBe('2 images · about $0.05 · about 30–60 s');
  });

  it('shows each image’s actual tokens and cost once it is made', () => {
    render(<Chat runs={[item('a', { usage: usage(1756) }), item('b', { status: 'running' })]} />);
    // 12 text tokens at $5 and 1756 image tokens at $30 per 1M.
    expect(screen.getByText('1,768 tokens · $0.05')).toBeTruthy();
    expect(screen.getAllByText(/tokens ·/)).toHaveLength(1);
  });
});

describe('CostLine', () => {
  it('adds up what the session has spent and shows what is left of the budget', async () => {
    configRoute([config(498, 4.5)]);
    const runs: Run[] = [item('a', { turnId: 't1', usage: usage(1756) }), item('b', { turnId: 't1', status: 'failed' }), item('c', { turnId: 't2', usage: usage(6000) })];
    render(<CostLine client={client()} runs={runs} busy={false} />);
    // (12 x 5 + 1756 x 30 + 12 x 5 + 6000 x 30) / 1M = $0.23.
    expect(spending()).toBe('Session: 2 images, $0.23');
    await waitFor(() => expect(spending()).toBe('Session: 2 images, $0.23 · Left today: 498 images, $4.50'));
  });

  it('starts at nothing spent, leaves out a spend limit the backend does not have, and shows no budget offline', async () => {
    configRoute([config(500, null)]);
    render(<CostLine client={client()} runs={[]} busy={false} />);
    await waitFor(() => expect(spending()).toBe('Session: 0 images, $0.00 · Left today: 500 images'));
    cleanup();
    render(<CostLine client={null} runs={[]} busy={false} />);
    expect(spending()).toBe('Session: 0 images, $0.00');
  });

  it('asks the backend again when work starts and ends, so the budget follows what was spent', async () => {
    const route = configRoute([config(500, 5), config(500, 5), config(499, 4.95)]);
    const c = client();
    const { rerender } = render(<CostLine client={c} runs={[]} busy={false} />);
    await waitFor(() => expect(spending()).toContain('Left today: 500 images, $5.00'));
    rerender(<CostLine client={c} runs={[]} busy={true} />);
    await waitFor(() => expect(route.calls()).toBe(2));
    const done: Run[] = [item('a', { usage: usage(1640) })];
    rerender(<CostLine client={c} runs={done} busy={false} />);
    await waitFor(() => expect(spending()).toBe('Session: 1 image, $0.05 · Left today: 499 images, $4.95'));
    expect(route.calls()).toBe(3);
  });
});

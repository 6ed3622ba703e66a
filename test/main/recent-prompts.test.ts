/**
 * The plugin's own index of prompts (core/recent-prompts.ts, src/recent-prompts.ts): kept in clientStorage when an
 * image with a job is applied, told to the UI, bounded; and the Quick Actions suggestions drawn from it.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { SCAFFOLDS } from '../../core/prompt';
import { promptSuggestions, readRecentPrompts, rememberPrompt, RECENT_PROMPTS_KEY, RECENT_PROMPTS_MAX } from '../../core/recent-prompts';
import { startPlugin } from './setup';

const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));
const version = (jobId?: string) => ({ model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images' as const, ...(jobId ? { jobId } : {}) });
const recentOf = (sent: MainToUi[]) => sent.filter((m) => m.type === 'recent-prompts').at(-1) as Extract<MainToUi, { type: 'recent-prompts' }> | undefined;

describe('the recent prompts index', () => {
  it('remembers the prompt and the layer of each applied image with a job, newest first, and tells the UI', async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    const hero = plugin.createFrame({ name: 'Hero', width: 100, height: 100 });
    const card = plugin.createFrame({ name: 'Card', width: 100, height: 100 });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'a', nodeId: hero.id, bytes: png(8, 8), width: 8, height: 8, prompt: 'a calm harbour', version: version('job_1') });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'b', nodeId: card.id, bytes: png(8, 8), width: 8, height: 8, prompt: 'a red tram', version: version('job_2') });
    // No job (nothing the backend keeps to list in Recent): nothing to remember.
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'c', nodeId: card.id, bytes: png(8, 8), width: 8, height: 8, prompt: 'local', version: version() });
    const expected = [
      { jobId: 'job_2', prompt: 'a red tram', frame: 'Card' },
      { jobId: 'job_1', prompt: 'a calm harbour', frame: 'Hero' },
    ];
    expect(storage.get(RECENT_PROMPTS_KEY)).toEqual(expected);
    expect(recentOf(plugin.sentToUi)?.prompts).toEqual(expected);
    // The next session is told the index at start-up, before init.
    const again = await startPlugin(storage);
    await again.receiveFromUi({ type: 'ready' });
    expect(recentOf(again.sentToUi)?.prompts).toEqual(expected);
    expect(again.sentToUi.at(-1)!.type).toBe('init');
  });

  it('does not remember an image the canvas refused', async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    const frame = plugin.createFrame({ name: 'Hero', width: 100, height: 100 });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'a', nodeId: frame.id, bytes: new Uint8Array([1, 2, 3]), width: 8, height: 8, prompt: 'x', version: version('job_1') });
    expect(storage.has(RECENT_PROMPTS_KEY)).toBe(false);
  });

  it('is bounded, replaces a job seen again, and reads a damaged value as empty', () => {
    let list = readRecentPrompts(undefined);
    for (let i = 0; i < RECENT_PROMPTS_MAX + 5; i++) list = rememberPrompt(list, { jobId: `job_${i}`, prompt: `p${i}`, frame: 'F' });
    expect(list).toHaveLength(RECENT_PROMPTS_MAX);
    expect(list[0]!.jobId).toBe(`job_${RECENT_PROMPTS_MAX + 4}`);
    list = rememberPrompt(list, { jobId: 'job_20', prompt: 'again', frame: 'G' });
    expect(list.filter((e) => e.jobId === 'job_20')).toEqual([{ jobId: 'job_20', prompt: 'again', frame: 'G' }]);
    expect(list[0]!.jobId).toBe('job_20');
    expect(readRecentPrompts('nope')).toEqual([]);
    expect(readRecentPrompts([{ jobId: 1 }, { jobId: 'j', prompt: 'p', frame: 'f' }])).toEqual([{ jobId: 'j', prompt: 'p', frame: 'f' }]);
  });
});

describe('Quick Actions suggestions', () => {
  it('offer what was typed, then matching recent prompts, then matching starting points', async () => {
    const storage = new Map<string, unknown>([
      [RECENT_PROMPTS_KEY, [
        { jobId: 'j2', prompt: 'A product shot of a red kettle', frame: 'Card' },
        { jobId: 'j1', prompt: 'a calm harbour', frame: 'Hero' },
        { jobId: 'j0', prompt: 'A product shot of a red kettle', frame: 'Other' },
      ]],
    ]);
    const plugin = await startPlugin(storage);
    const product = SCAFFOLDS.find((s) => s.id === 'product')!.text;
    const typed = plugin.parameterInput('prompt', ' product ');
    await expect.poll(() => typed.length).toBeGreaterThan(1);
    expect(typed).toEqual(['product', 'A product shot of a red kettle', ...SCAFFOLDS.map((s) => s.text).filter((t) => t.toLowerCase().includes('product'))]);
    expect(typed).toContain(product);
    // Nothing typed: every recent prompt once, then the starting points.
    const empty = plugin.parameterInput('prompt', '');
    await expect.poll(() => empty.length).toBeGreaterThan(0);
    expect(empty.slice(0, 3)).toEqual(['A product shot of a red kettle', 'a calm harbour', SCAFFOLDS[0]!.text]);
    // Every word must match, in any order.
    expect(promptSuggestions('harbour calm', readRecentPrompts(storage.get(RECENT_PROMPTS_KEY)))).toEqual(['a calm harbour']);
  });
});

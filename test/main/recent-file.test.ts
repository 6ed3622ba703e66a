/**
 * Recent's "This file" (src/recent-file.ts): the job ids the document's frame threads name, on every page, whoever
 * applied them; asked for by the UI with get-file-jobs.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { addVersion, emptyThread, THREAD_KEY, writeThread } from '../../core/thread';
import { startPlugin } from './setup';

const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));
const version = (jobId?: string) => ({ model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images' as const, ...(jobId ? { jobId } : {}) });
const fileJobsOf = (sent: MainToUi[]) => (sent.filter((m) => m.type === 'file-jobs').at(-1) as Extract<MainToUi, { type: 'file-jobs' }> | undefined)?.jobIds;

describe('the jobs applied in this file', () => {
  it('are every job id in the frames’ threads, on every page, each once; a version without a job adds none', async () => {
    const plugin = await startPlugin();
    const hero = plugin.createFrame({ name: 'Hero', width: 100, height: 100 });
    const card = plugin.createFrame({ name: 'Card', width: 100, height: 100 });
    plugin.createFrame({ name: 'Untouched', width: 100, height: 100 });
    const apply = (nodeId: string, jobId?: string) =>
      plugin.receiveFromUi({ type: 'apply-image', requestId: `r-${nodeId}-${jobId}`, nodeId, bytes: png(8, 8), width: 8, height: 8, prompt: 'p', version: version(jobId) });
    await apply(hero.id, 'job_1');
    await apply(hero.id, 'job_2');
    await apply(card.id, 'job_3');
    await apply(card.id);
    // A frame on another page counts: "This file", not this page.
    const other = plugin.createPage('Page 2');
    other.appendChild(card);
    await apply(card.id, 'job_1');

    await plugin.receiveFromUi({ type: 'get-file-jobs' });
    expect(fileJobsOf(plugin.sentToUi)).toEqual(['job_1', 'job_2', 'job_3']);
  });

  it('count a thread still in the private plugin data where older versions kept it, moving it to the shared record', async () => {
    const plugin = await startPlugin();
    const hero = plugin.createFrame({ name: 'Hero', width: 100, height: 100 });
    const old = writeThread(addVersion(emptyThread(), { parent: null, imageHash: 'h1', prompt: 'p', at: 1, ...version('job_old') }));
    hero.setPluginData(THREAD_KEY, old);

    await plugin.receiveFromUi({ type: 'get-file-jobs' });
    expect(fileJobsOf(plugin.sentToUi)).toEqual(['job_old']);
    expect(hero.getPluginData(THREAD_KEY)).toBe('');
    expect(hero.getSharedPluginData('figment', 'thread')).toBe(old);
  });

  it('a document no image was applied in holds none', async () => {
    const plugin = await startPlugin();
    plugin.createFrame({ name: 'Hero', width: 100, height: 100 }).setSharedPluginData('figment', 'other', 'x');
    await plugin.receiveFromUi({ type: 'get-file-jobs' });
    expect(fileJobsOf(plugin.sentToUi)).toEqual([]);
  });
});

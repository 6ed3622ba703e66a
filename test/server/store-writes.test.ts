import { describe, expect, it } from 'vitest';
import { StoreWrites } from '../../server/jobs/store-writes';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StoreWrites', () => {
  it("runs one record's writes in call order, even when an earlier one is slower or fails", async () => {
    const writes = new StoreWrites();
    const done: string[] = [];
    const first = writes.inOrder('a', async () => {
      await later(30);
      done.push('a1');
      throw new Error('disk full');
    });
    const second = writes.inOrder('a', async () => void done.push('a2'));
    const other = writes.inOrder('b', async () => void done.push('b1'));
    await expect(first).rejects.toThrow('disk full');
    await Promise.all([second, other]);
    expect(done).toEqual(['b1', 'a1', 'a2']);
  });

  it('says failing after a failed write until one succeeds', async () => {
    const writes = new StoreWrites();
    expect(writes.failing).toBe(false);
    await expect(writes.tracked(Promise.reject(new Error('EROFS')))).rejects.toThrow('EROFS');
    expect(writes.failing).toBe(true);
    expect(await writes.tracked(Promise.resolve(7))).toBe(7);
    expect(writes.failing).toBe(false);
  });

  it('drains every write started so far', async () => {
    const writes = new StoreWrites();
    let finished = false;
    void writes.inOrder('a', async () => {
      await later(20);
      finished = true;
    });
    await writes.drain();
    expect(finished).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  addVersion,
  currentVersion,
  emptyThread,
  lineage,
  pruneThread,
  readThread,
  restoreVersion,
  writeThread,
  THREAD_MAX_BYTES,
  type NewVersion,
} from '../../core/thread';

const v = (prompt: string, parent: number | null, hash = prompt): NewVersion => ({
  parent,
  prompt,
  model: 'gpt-image-2',
  size: '1536x1024',
  quality: 'medium',
  engine: 'images',
  imageHash: `hash-${hash}`,
  at: 1_700_000_000_000,
});

describe('thread records', () => {
  it('round-trips through plugin-data JSON with versions and the current one', () => {
    let t = addVersion(emptyThread(), v('a beach', null));
    t = addVersion(t, v('warmer light', 1));
    const back = readThread(writeThread(t));
    expect(back.current).toBe(2);
    expect(back.versions.map((x) => [x.id, x.parent, x.prompt])).toEqual([
      [1, null, 'a beach'],
      [2, 1, 'warmer light'],
    ]);
  });

  it('reads garbage, other schemas and broken entries as an empty or cleaned thread', () => {
    expect(readThread('')).toEqual(emptyThread());
    expect(readThread('{not json')).toEqual(emptyThread());
    expect(readThread(JSON.stringify({ schema: 99, versions: [] }))).toEqual(emptyThread());
    const mixed = readThread(JSON.stringify({ schema: 1, current: 7, versions: [{ id: 1 }, { ...v('ok', null), id: 3 }] }));
    expect(mixed.versions.map((x) => x.id)).toEqual([3]);
    expect(mixed.current).toBe(3);
  });

  it('restores an earlier version without losing later ones, and ignores unknown ids', () => {
    let t = addVersion(emptyThread(), v('one', null));
    t = addVersion(t, v('two', 1));
    t = restoreVersion(t, 1);
    expect(currentVersion(t)?.prompt).toBe('one');
    expect(t.versions).toHaveLength(2);
    expect(restoreVersion(t, 42)).toBe(t);
    // Editing after a restore branches from the restored version.
    t = addVersion(t, v('three', t.current));
    expect(lineage(t).map((x) => x.prompt)).toEqual(['one', 'three']);
  });

  it('gives new versions fresh ids even after pruning', () => {
    let t = emptyThread();
    for (let i = 0; i < 5; i++) t = addVersion(t, v(`p${i}`, t.current || null));
    expect(t.versions.map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stays inside the size budget for a long conversation, keeping the first and current versions', () => {
    let t = emptyThread();
    const long = 'x'.repeat(1_900);
    for (let i = 0; i < 60; i++) t = addVersion(t, v(`${i} ${long}`, t.current || null, String(i)));
    const json = writeThread(t);
    expect(json.length).toBeLessThanOrEqual(THREAD_MAX_BYTES);
    const back = readThread(json);
    expect(back.current).toBe(60);
    expect(back.versions[0]!.id).toBe(1);
    expect(back.versions.at(-1)!.id).toBe(60);
    // Every kept version's parent is a kept version (or null).
    const ids = new Set(back.versions.map((x) => x.id));
    for (const x of back.versions) expect(x.parent === null || ids.has(x.parent)).toBe(true);
  });

  it('a long conversation with restores keeps the current version and its whole ancestry, dropping side branches first', () => {
    let t = emptyThread();
    const mains: number[] = [];
    const text = 'w'.repeat(400);
    for (let i = 0; i < 30; i++) {
      t = addVersion(t, v(`main ${i} ${text}`, t.current || null, `m${i}`));
      mains.push(t.current);
      // Every other turn an alternative was tried, then the designer went back.
      if (i % 2) t = restoreVersion(addVersion(t, v(`side ${i} ${text}`, t.current, `s${i}`)), mains.at(-1)!);
    }
    expect(JSON.stringify(t).length).toBeGreaterThan(THREAD_MAX_BYTES);
    const back = readThread(writeThread(t));
    expect(JSON.stringify(back).length).toBeLessThanOrEqual(THREAD_MAX_BYTES);
    expect(back.current).toBe(mains.at(-1));
    expect(lineage(back).map((x) => x.id)).toEqual(mains);
    expect(back.versions.some((x) => x.prompt.startsWith('side'))).toBe(true);
    // The side versions that went are the oldest ones.
    const sides = back.versions.filter((x) => x.prompt.startsWith('side')).map((x) => x.id);
    const allSides = t.versions.filter((x) => x.prompt.startsWith('side')).map((x) => x.id);
    expect(sides).toEqual(allSides.slice(allSides.length - sides.length));
  });

  it('drops side branches before the current lineage', () => {
    let t = addVersion(emptyThread(), v('root', null));
    for (let i = 0; i < 10; i++) t = addVersion(t, v(`side ${i} ${'y'.repeat(500)}`, 1));
    t = addVersion(t, v('main', 1));
    const pruned = pruneThread(t, 2_000);
    expect(pruned.versions.map((x) => x.prompt)).toContain('main');
    expect(pruned.versions.map((x) => x.prompt)).toContain('root');
    expect(JSON.stringify(pruned).length).toBeLessThanOrEqual(2_000);
  });

  it('truncates very long prompts', () => {
    const t = addVersion(emptyThread(), v('z'.repeat(10_000), null));
    expect(t.versions[0]!.prompt.length).toBe(2_000);
  });
});

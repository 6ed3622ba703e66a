/**
 * A frame's conversation, as kept in its plugin data: every prompt and version, which one is on the canvas, and
 * how each was made. Images stay in Figma's image store (by hash); the record only names them. Pure: the main
 * thread reads and writes the JSON, the UI shows it.
 */

export const THREAD_KEY = 'figment.thread';
export const THREAD_SCHEMA = 1;
/** Figma allows 100 kB per plugin-data entry; stay well inside it. */
export const THREAD_MAX_BYTES = 24_000;
export const PROMPT_MAX_CHARS = 2_000;

export type Engine = 'images' | 'responses';

/**
 * Adapt to sizes: the master an image was adapted from, the master's version then (null: it had no thread), and the
 * words the adapt was asked with (absent: none), so Re-adapt asks again with them.
 */
export interface AdaptedFrom {
  nodeId: string;
  version: number | null;
  words?: string;
}

export interface ThreadVersion {
  /** 1-based, increasing; never reused. */
  id: number;
  /** The version this one was edited from (null for a fresh generation). */
  parent: number | null;
  prompt: string;
  model: string;
  size: string;
  quality: string;
  engine: Engine;
  imageHash: string;
  jobId?: string;
  /** Responses API id, to continue the conversation with previous_response_id. */
  responseId?: string;
  /** The frame this image was rendered from (frame to image): its node id. */
  source?: string;
  /** Adapt to sizes: the master this image was adapted from, and the master's version then (null: it had no thread). */
  adaptedFrom?: AdaptedFrom;
  /** Unix ms. */
  at: number;
}

export interface Thread {
  schema: typeof THREAD_SCHEMA;
  /** The version on the canvas. */
  current: number;
  versions: ThreadVersion[];
}

export type NewVersion = Omit<ThreadVersion, 'id' | 'prompt'> & { prompt: string };

export function emptyThread(): Thread {
  return { schema: THREAD_SCHEMA, current: 0, versions: [] };
}

function isVersion(v: unknown): v is ThreadVersion {
  const x = v as Partial<ThreadVersion> | null;
  return (
    !!x &&
    typeof x.id === 'number' &&
    (x.parent === null || typeof x.parent === 'number') &&
    typeof x.prompt === 'string' &&
    typeof x.imageHash === 'string' &&
    typeof x.model === 'string' &&
    typeof x.size === 'string' &&
    typeof x.at === 'number'
  );
}

/** Parses stored JSON; anything unreadable or from an unknown schema reads as an empty thread, never a crash. */
export function readThread(json: string): Thread {
  if (!json) return emptyThread();
  try {
    const data = JSON.parse(json) as Partial<Thread>;
    if (data.schema !== THREAD_SCHEMA || !Array.isArray(data.versions)) return emptyThread();
    const versions = data.versions.filter(isVersion).map((v) => ({ ...v, engine: v.engine === 'responses' ? 'responses' : 'images' }) as ThreadVersion);
    const current = versions.some((v) => v.id === data.current) ? (data.current as number) : (versions[versions.length - 1]?.id ?? 0);
    return { schema: THREAD_SCHEMA, current, versions };
  } catch {
    return emptyThread();
  }
}

export function writeThread(thread: Thread): string {
  return JSON.stringify(pruneThread(thread));
}

/** Adds a version and makes it current. */
export function addVersion(thread: Thread, version: NewVersion): Thread {
  const id = thread.versions.reduce((max, v) => Math.max(max, v.id), 0) + 1;
  const prompt = version.prompt.length > PROMPT_MAX_CHARS ? `${version.prompt.slice(0, PROMPT_MAX_CHARS - 1)}…` : version.prompt;
  return { ...thread, current: id, versions: [...thread.versions, { ...version, prompt, id }] };
}

/** Makes an earlier version current (restore); unknown ids leave the thread as it was. */
export function restoreVersion(thread: Thread, id: number): Thread {
  return thread.versions.some((v) => v.id === id) ? { ...thread, current: id } : thread;
}

export function currentVersion(thread: Thread): ThreadVersion | undefined {
  return thread.versions.find((v) => v.id === thread.current);
}

/** The chain from the first version to the current one: the context an edit continues. */
export function lineage(thread: Thread, id = thread.current): ThreadVersion[] {
  const byId = new Map(thread.versions.map((v) => [v.id, v]));
  const chain: ThreadVersion[] = [];
  for (let v = byId.get(id); v && chain.length <= thread.versions.length; v = v.parent === null ? undefined : byId.get(v.parent)) chain.unshift(v);
  return chain;
}

/**
 * Keeps the record under `maxBytes` by dropping the oldest versions that are neither current nor in the current
 * version's lineage; if the lineage alone is too big, its oldest middle versions go too (the first stays).
 * Parents of dropped versions are re-pointed to the nearest kept ancestor.
 */
export function pruneThread(thread: Thread, maxBytes = THREAD_MAX_BYTES): Thread {
  const size = (t: Thread) => JSON.stringify(t).length;
  if (size(thread) <= maxBytes) return thread;
  const keep = new Set(lineage(thread).map((v) => v.id));
  const order = [...thread.versions].sort((a, b) => a.id - b.id);
  const removable = [...order.filter((v) => !keep.has(v.id)), ...order.filter((v) => keep.has(v.id) && v.id !== thread.current && v.id !== order[0]?.id)];
  let result = thread;
  for (const victim of removable) {
    if (size(result) <= maxBytes) break;
    result = dropVersion(result, victim.id);
  }
  return result;
}

function dropVersion(thread: Thread, id: number): Thread {
  const gone = thread.versions.find((v) => v.id === id);
  if (!gone) return thread;
  const versions = thread.versions.filter((v) => v.id !== id).map((v) => (v.parent === id ? { ...v, parent: gone.parent } : v));
  return { ...thread, versions };
}

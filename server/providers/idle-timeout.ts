/**
 * Ends an event stream that goes quiet: upstream accepted the request but stopped sending. Pure async
 * plumbing, independent of any SDK.
 */
export class IdleTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`no event for ${idleMs} ms`);
    this.name = 'IdleTimeoutError';
  }
}

/**
 * Yields `source`'s items; if none arrives within `idleMs`, calls `onIdle` (which should abort the source)
 * and throws IdleTimeoutError.
 */
export async function* withIdleTimeout<T>(source: AsyncIterable<T>, idleMs: number, onIdle: () => void): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let idled = false;
  try {
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), idleMs);
      });
      const next = iterator.next();
      const winner = await Promise.race([next, idle]).finally(() => clearTimeout(timer));
      if (winner === 'idle') {
        idled = true;
        onIdle();
        next.catch(() => undefined);
        throw new IdleTimeoutError(idleMs);
      }
      if (winner.done) return;
      yield winner.value;
    }
  } finally {
    // After going idle the source may be stuck mid-step; close it without waiting for that step.
    const closing = iterator.return?.().catch(() => undefined);
    if (!idled) await closing;
  }
}

/**
 * Anchored sets (issue 15), the runner's part: each anchor run's first image, kept for the runs of its set, and the
 * runs waiting for it. A waiting run holds no request slot; an anchor that ends without an image fails its waiters.
 */
import { anchorFailedText, anchorRunOf, waitsForAnchorText, type Run } from './run';

/** What the anchors need of the runner: its runs and how it patches one. */
export interface AnchorHost {
  find(id: string): Run | undefined;
  runs(): readonly Run[];
  update(id: string, patch: Partial<Run>): void;
}

export class Anchors {
  private readonly images = new Map<string, Uint8Array>();
  private readonly waiters = new Map<string, Array<{ resolve(): void; reject(): void }>>();

  constructor(private readonly host: AnchorHost) {}

  /** The first image of anchor run `runId`, once it is there. */
  image(runId: string): Uint8Array | undefined {
    return this.images.get(runId);
  }

  /** Run `id` ended (failed or stopped): if it is an anchor with no image, the runs waiting for it cannot be sent. */
  ended(id: string): void {
    if (this.images.has(id)) return;
    for (const w of this.waiters.get(id) ?? []) w.reject();
    this.waiters.delete(id);
  }

  /**
   * A run of an anchored set waits (queued, its row says so, holding no request slot) until its anchor's first image
   * is there; an anchor that ends without one fails it with a clear message (Retry on the anchor retries it too).
   */
  async ready(id: string, signal: AbortSignal): Promise<boolean> {
    const run = this.host.find(id)!;
    const anchorId = anchorRunOf(run);
    if (!anchorId || this.images.has(anchorId)) return true;
    const anchor = this.host.find(anchorId);
    const name = anchor?.targetName ?? 'the first frame';
    const fail = () => {
      if (signal.aborted) this.host.update(id, { status: 'stopped', message: 'Stopped.' });
      else this.host.update(id, { status: 'failed', message: anchorFailedText(name) });
      return false;
    };
    if (!anchor || anchor.status === 'failed' || anchor.status === 'stopped') return fail();
    this.host.update(id, { status: 'queued', message: waitsForAnchorText(name) });
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiters.set(anchorId, [...(this.waiters.get(anchorId) ?? []), { resolve, reject }]);
        signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
      });
    } catch {
      return fail();
    }
    this.host.update(id, { message: undefined });
    return true;
  }

  /** An anchor run's first image: kept for the runs waiting for it, and they start. */
  keep(id: string, bytes: Uint8Array): void {
    if (this.images.has(id) || !this.host.runs().some((r) => anchorRunOf(r) === id)) return;
    this.images.set(id, bytes);
    for (const w of this.waiters.get(id) ?? []) w.resolve();
    this.waiters.delete(id);
  }
}

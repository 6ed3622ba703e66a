/**
 * A minimal plugin UI for the image-to-canvas benchmark: it runs the UI's own final-image steps (ui/base64,
 * core/png) and posts `apply-image` as the real UI does, timing each stage in epoch milliseconds.
 */
import type { MainToUi, UiToMain } from '../contract/messages';
import { base64ToBytes } from '../ui/base64';
import { pngSize } from '../core/png';

const now = () => performance.timeOrigin + performance.now();
const post = (message: UiToMain) => parent.postMessage({ pluginMessage: message }, '*');
let target: string | undefined;
const waiting = new Map<string, (at: number) => void>();

window.addEventListener('message', (event: MessageEvent) => {
  const message = (event.data as { pluginMessage?: MainToUi } | null)?.pluginMessage;
  if (!message) return;
  if (message.type === 'init' || message.type === 'selection') target = message.selection.targets[0]?.id ?? target;
  if (message.type === 'applied' || message.type === 'apply-failed') waiting.get(message.requestId)?.(now());
});

export interface CanvasTiming {
  requestId: string;
  arrived: number;
  decoded: number;
  answered: number;
}

let run = 0;

async function runBench(path: string, repeats: number): Promise<CanvasTiming[]> {
  run++;
  const b64 = await (await fetch(path)).text();
  const out: CanvasTiming[] = [];
  for (let i = 0; i < repeats; i++) {
    const requestId = `bench-${run}-${path}-${i}`;
    const answered = new Promise<number>((resolve) => waiting.set(requestId, resolve));
    // The final event's image string is in hand: from here on is what Figment adds before the fill is set.
    const arrived = now();
    const bytes = base64ToBytes(b64);
    const size = pngSize(bytes)!;
    const decoded = now();
    post({ type: 'apply-image', requestId, nodeId: target ?? null, bytes, width: size.width, height: size.height, prompt: 'bench' });
    out.push({ requestId, arrived, decoded, answered: await answered });
  }
  return out;
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
post({ type: 'ready' });

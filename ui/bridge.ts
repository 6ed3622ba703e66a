/**
 * The iframe side of Figma's postMessage bridge, typed by the shared contract. An image on its way to the canvas is
 * first made fit for `figma.createImage` (./figma-image.ts); messages keep their order while it is converted.
 */
import type { MainToUi, PluginMessageEnvelope, UiToMain } from '../contract/messages';
import { fitsFigma, forFigma, type FigmaImage } from './figma-image';

type Convert = (bytes: Uint8Array) => Promise<FigmaImage>;

const send = (message: UiToMain) => {
  const envelope: PluginMessageEnvelope<UiToMain> = { pluginMessage: message };
  parent.postMessage(envelope, '*');
};

/** An apply-image message with its image ready for Figma (a note when it was changed); unreadable bytes go as they are. */
export async function readyToApply(message: Extract<UiToMain, { type: 'apply-image' }>, convert: Convert = forFigma): Promise<UiToMain> {
  try {
    const image = await convert(message.bytes);
    if (image.bytes === message.bytes) return message;
    return { ...message, bytes: image.bytes, width: image.width, height: image.height, ...(image.note ? { note: image.note } : {}) };
  } catch {
    return message; // the main thread answers apply-failed (invalid-image); the image stays in the chat
  }
}

/** Messages wait behind a conversion in progress, so that none overtakes an earlier one. */
let pending: Promise<void> | null = null;

export function postToMain(message: UiToMain, convert: Convert = forFigma): void {
  const converts = message.type === 'apply-image' && !fitsFigma(message.bytes);
  if (!converts && pending === null) return send(message);
  const ready = converts && message.type === 'apply-image' ? readyToApply(message, convert) : Promise.resolve(message);
  const tracked: Promise<void> = (pending ?? Promise.resolve())
    .then(() => ready)
    .then(send)
    .finally(() => {
      if (pending === tracked) pending = null;
    });
  pending = tracked;
}

export function onMainMessage(handler: (message: MainToUi) => void): () => void {
  const listener = (event: MessageEvent) => {
    const message = (event.data as Partial<PluginMessageEnvelope<MainToUi>> | null)?.pluginMessage;
    if (message && typeof message === 'object' && 'type' in message) handler(message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

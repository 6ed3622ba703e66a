/** The iframe side of Figma's postMessage bridge, typed by the shared contract. */
import type { MainToUi, PluginMessageEnvelope, UiToMain } from '../contract/messages';

export function postToMain(message: UiToMain): void {
  const envelope: PluginMessageEnvelope<UiToMain> = { pluginMessage: message };
  parent.postMessage(envelope, '*');
}

export function onMainMessage(handler: (message: MainToUi) => void): () => void {
  const listener = (event: MessageEvent) => {
    const message = (event.data as Partial<PluginMessageEnvelope<MainToUi>> | null)?.pluginMessage;
    if (message && typeof message === 'object' && 'type' in message) handler(message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/**
 * Drag to apply: an image dragged out of the plugin window (the chat or Recent) carries, as the `dropMetadata` of
 * Figma's `pluginDrop` message, where the backend keeps it and how it was made; the main thread's `drop` handler
 * tells the UI which layer it landed on, and the UI applies it there through the one run pipeline.
 */
import type { Target } from './messages';

export interface KeptImage {
  figment: 'kept-image';
  /** `GET /v1/jobs/{id}/images/{i}` */
  url: string;
  jobId: string;
  size: string;
  model: string;
  quality: string;
  prompt?: string;
}

export const isKeptImage = (v: unknown): v is KeptImage => {
  const k = v as Partial<KeptImage> | null;
  return typeof k === 'object' && k !== null && k.figment === 'kept-image' && typeof k.url === 'string' && typeof k.jobId === 'string' && typeof k.size === 'string' && typeof k.model === 'string' && typeof k.quality === 'string';
};

export type DropMainToUi = { type: 'dropped'; image: KeptImage; target: Target };

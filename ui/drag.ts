/**
 * Drag to apply, the UI's side (Figma: "Triggering drop events from the UI"): an image dragged out of the plugin
 * window and dropped posts `pluginDrop` to Figma with the iframe-relative drop point and the image as
 * `dropMetadata`; Figma then calls the main thread's `drop` handler with the layer under that point (src/drop.ts).
 */
import type { KeptImage } from '../contract/drop-messages';
import { modelId } from '../core/models';
import type { Run } from './run/run';

/** A run's image as the backend keeps it, or undefined when it is not kept (nothing to load on the canvas side). */
export function keptOfRun(run: Run, index: number): KeptImage | undefined {
  const kept = run.images[index]?.kept;
  if (!kept || !run.jobId) return undefined;
  return { figment: 'kept-image', url: kept, jobId: run.jobId, size: run.size, model: modelId(run.model), quality: run.quality, prompt: run.prompt };
}

/** The drop landed outside the plugin window (on the canvas): inside, it is nothing but a drag within the UI. */
const outside = (e: DragEvent) => e.clientX < 0 || e.clientY < 0 || e.clientX >= window.innerWidth || e.clientY >= window.innerHeight;

/** Props that make an image draggable onto the canvas (none when the image is not kept). */
export function dragToCanvas(image: KeptImage | undefined): { draggable?: boolean; ondragend?: (e: DragEvent) => void } {
  if (!image) return {};
  return {
    draggable: true,
    // Lower case: Preact then listens for "dragend" wherever `ondragend` is not a property of the element.
    ondragend: (e: DragEvent) => {
      if (!outside(e)) return;
      parent.postMessage({ pluginDrop: { clientX: e.clientX, clientY: e.clientY, items: [], dropMetadata: image } }, '*');
    },
  };
}

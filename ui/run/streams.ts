/**
 * Every route a run can take, as one stream of run events: a generation, an Images edit, a conversation turn, a
 * kept job image. An edit first reads the frame's image (and references and region) off the canvas.
 */
import type { EditInput } from '../../contract/messages';
import type { ImageUsage } from '../../contract/api';
import { pngSize } from '../../core/png';
import { parseSize } from '../../core/sizing';
import type { BackendClient } from '../api/client';
import { base64ToBytes } from '../base64';
import { cropToPng } from '../figma-image';
import { maskPng } from '../mask';
import { readAdapt } from './adapt-input';
import { editFiles, withImages } from './bodies';
import { anchorFailedText, type Anchor, type EditSource, type Run, type RunImage } from './run';

export type RunEvent =
  /** The request is on its way (an edit has read its input; `note`: what the reading changed, e.g. a smaller export). */
  | { type: 'sent'; note?: string }
  | { type: 'job'; jobId: string }
  | { type: 'partial'; bytes: Uint8Array; index: number }
  | { type: 'image'; image: Decoded; usage?: ImageUsage };

/** An image as it arrives: its bytes and pixel size (and the Responses id that made it). */
export type Decoded = Pick<RunImage, 'width' | 'height' | 'responseId'> & { bytes: Uint8Array };

export interface StreamDeps {
  client: BackendClient;
  /** Asks the main thread for what an edit starts from (see ./edit-input.ts). */
  readInput(source: EditSource, runId: string): Promise<EditInput>;
  /** The first finished image of an anchor run (an anchored set); the runner starts a waiting run only once it is there. */
  anchorImage?(runId: string): Uint8Array | undefined;
}

/** The image's own size from its PNG header, else the size the event (or the request) names. */
function imageOf(bytes: Uint8Array, size: string): Decoded {
  return { bytes, ...(pngSize(bytes) ?? parseSize(size) ?? { width: 0, height: 0 }) };
}

/** An exported frame comes with the part of the export that is the frame itself (not its shadow): cut it out. */
async function frameOnly(input: EditInput): Promise<EditInput> {
  const { crop, width, height, bytes } = input.image;
  const whole = pngSize(bytes);
  // An export that is the frame and nothing else goes as exported, byte for byte.
  if (!crop || (crop.x === 0 && crop.y === 0 && whole?.width === crop.width && whole.height === crop.height)) return input;
  return { ...input, image: { bytes: await cropToPng(bytes, crop, width, height), width, height } };
}

/** The anchor's bytes: a run's first image (kept by the runner), or a picked layer's image read off the canvas. */
async function anchorBytes(run: Run, anchor: Anchor, deps: StreamDeps): Promise<Uint8Array> {
  if ('runId' in anchor) {
    const bytes = deps.anchorImage?.(anchor.runId);
    if (!bytes) throw new Error(anchorFailedText(anchor.name));
    return bytes;
  }
  const input = await frameOnly(await deps.readInput({ nodeId: anchor.nodeId, referenceIds: [], maskId: null, sendsFrame: true }, `${run.id}-anchor`));
  return input.image.bytes;
}

async function readEdit(run: Run, source: EditSource, deps: StreamDeps) {
  if (source.adapt) return readAdapt(run, { ...source, adapt: source.adapt }, deps);
  const anchor = source.anchor ? [await anchorBytes(run, source.anchor, deps)] : [];
  if (!source.sendsFrame && anchor.length > 0) return { frame: anchor[0]!, references: [], mask: null };
  const input = await frameOnly(await deps.readInput(source, run.id));
  const mask = input.mask ? await maskPng(input.mask) : null;
  const references = [...anchor, ...input.references.map((r) => r.bytes)];
  return { frame: input.image.bytes, references, mask, ...(input.note ? { note: input.note } : {}) };
}

export async function* runEvents(run: Run, deps: StreamDeps, signal: AbortSignal): AsyncGenerator<RunEvent> {
  const { client } = deps;
  const request = run.request;
  switch (request.route) {
    case 'generations':
    case 'edits': {
      let stream;
      if (request.route === 'generations') {
        stream = await client.generateStream(request.body, { signal });
      } else {
        const { frame, references, mask, note } = await readEdit(run, request.source, deps);
        yield { type: 'sent', ...(note ? { note } : {}) };
        stream = await client.editStream(request.body, editFiles(frame, references, mask), { signal });
      }
      if (stream.jobId) yield { type: 'job', jobId: stream.jobId };
      for await (const event of stream) {
        if (event.type === 'error') continue; // the client throws on these
        if ('partial_image_index' in event) yield { type: 'partial', bytes: base64ToBytes(event.b64_json), index: event.partial_image_index };
        else yield { type: 'image', image: imageOf(base64ToBytes(event.b64_json), event.size || run.size), usage: event.usage };
      }
      return;
    }
    case 'responses': {
      const { frame, references, mask } = await readEdit(run, request.source, deps);
      const body = withImages(request.body, request.source.sendsFrame ? [frame, ...references] : references, mask);
      yield { type: 'sent' };
      // Each variation continues the same conversation on its own branch.
      for (let i = 0; i < run.n; i++) {
        const stream = await client.conversationStream(body, { signal });
        if (stream.jobId) yield { type: 'job', jobId: stream.jobId };
        let image: Decoded | undefined;
        for await (const event of stream) {
          if (event.kind === 'partial') yield { type: 'partial', bytes: base64ToBytes(event.b64), index: event.index };
          else if (event.kind === 'image') image = imageOf(base64ToBytes(event.b64), run.size);
          else if (image) image = { ...image, responseId: event.responseId };
        }
        if (image) yield { type: 'image', image };
      }
      return;
    }
    case 'job-image': {
      yield { type: 'job', jobId: request.jobId };
      const bytes = await client.jobImage(request.url, { signal });
      yield { type: 'image', image: imageOf(bytes, run.size) };
      return;
    }
  }
}

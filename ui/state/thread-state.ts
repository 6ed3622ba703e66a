/**
 * Talking to a frame, in one hook: the focused frame and its thread (with a thumbnail per version), the engine, the
 * number of variations, and the edit runs. An edit asks the main thread for the frame's current image (and the
 * references and region), streams the edit, and applies the result, or offers the variations side by side.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Complexity } from '../../contract/api';
import type { ConversationEngine, EditInput, Focus, MainToUi, StoredSettings } from '../../contract/messages';
import { MAX_EDIT_IMAGES, modelId, resolveModel, type ModelRef } from '../../core/models';
import { editPrompt, type StyleLock } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { currentVersion } from '../../core/thread';
import { createBackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { onMainMessage, postToMain } from '../bridge';
import { runEdit, type EditImage } from '../edit-run';
import { cropToPng } from '../figma-image';
import { createObjectUrls } from '../object-urls';
import { qualityFor, variantOf, variantRequestId, type QualityOverrides } from './turns';

export type EditStatus = 'reading' | 'editing' | 'choosing' | 'applying' | 'done' | 'not-placed' | 'failed' | 'stopped';

export interface EditRun {
  id: string;
  nodeId: string;
  nodeName: string;
  /** The designer's words for this turn (kept in the thread). */
  prompt: string;
  /** The exact prompt sent, shown under the request. */
  sent?: string;
  n: number;
  model: string;
  size: string;
  quality: string;
  complexity?: Complexity;
  engine: ConversationEngine;
  /** A transparent background was asked for. */
  background?: 'transparent';
  status: EditStatus;
  jobId?: string;
  partialUrl?: string;
  results: Array<{ url: string; image: EditImage }>;
  /** 0-based index of the variation put on the canvas. */
  applied?: number;
  message?: string;
}

/** An exported frame comes with the part of the export that is the frame itself (not its shadow): cut it out. */
async function frameOnly(input: EditInput): Promise<EditInput> {
  const { crop, width, height, bytes } = input.image;
  if (!crop) return input;
  return { ...input, image: { bytes: await cropToPng(bytes, crop, width, height), width, height } };
}

let counter = 0;
const nextId = () => `edit-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function useThreadState(settings: StoredSettings | null, modelRef: ModelRef, overrides: QualityOverrides = new Map()) {
  const model = modelId(modelRef);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [engine, setEngineState] = useState<ConversationEngine>('images');
  const [variations, setVariations] = useState(1);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [runs, setRuns] = useState<EditRun[]>([]);
  const runsRef = useRef<EditRun[]>([]);
  const requested = useRef(new Set<string>());
  const inputs = useRef(new Map<string, { resolve(i: EditInput): void; reject(e: Error): void }>());
  const controllers = useRef(new Set<AbortController>());
  const urls = useMemo(createObjectUrls, []);

  const patch = useCallback((id: string, p: Partial<EditRun>) => {
    setRuns((all) => (runsRef.current = all.map((r) => (r.id === id ? { ...r, ...p } : r))));
  }, []);

  useEffect(() => {
    const off = onMainMessage((message: MainToUi) => {
      switch (message.type) {
        case 'focus':
          return setFocus(message.focus);
        case 'engine':
          return setEngineState(message.engine);
        case 'image-bytes':
          if (message.bytes) {
            const url = urls.create(message.bytes, 'png');
            setThumbs((all) => ({ ...all, [message.hash]: url }));
          }
          return;
        case 'edit-input':
        case 'edit-input-failed': {
          const waiting = inputs.current.get(message.requestId);
          inputs.current.delete(message.requestId);
          if (message.type === 'edit-input') waiting?.resolve(message.input);
          else waiting?.reject(new Error(message.message));
          return;
        }
        case 'applied':
        case 'apply-failed': {
          // Any applied image (an edit's or a generation's) may have grown the focused frame's thread.
          postToMain({ type: 'get-thread-state' });
          const { requestId: runId, index } = variantOf(message.requestId);
          if (!runsRef.current.some((r) => r.id === runId)) return;
          if (message.type === 'applied') patch(runId, { status: 'done', ...(index !== undefined ? { applied: index } : {}), ...(message.note ? { message: message.note } : {}) });
          else patch(runId, { status: 'not-placed', message: `${message.message} The images are kept here.` });
          return;
        }
      }
    });
    return () => {
      off();
      for (const c of controllers.current) c.abort();
      urls.revokeAll();
    };
  }, [patch, urls]);

  useEffect(() => {
    for (const v of focus?.thread.versions ?? []) {
      if (requested.current.has(v.imageHash)) continue;
      requested.current.add(v.imageHash);
      postToMain({ type: 'get-image-bytes', hash: v.imageHash });
    }
  }, [focus]);

  const applyVariation = (runId: string, index: number) => {
    const run = runsRef.current.find((r) => r.id === runId);
    const result = run?.results[index];
    if (!run || !result) return;
    patch(runId, { status: 'applying' });
    const { bytes, width, height, responseId } = result.image;
    postToMain({
      type: 'apply-image',
      requestId: variantRequestId(runId, index),
      nodeId: run.nodeId,
      bytes,
      width,
      height,
      prompt: run.prompt,
      version: { model: run.model, size: run.size, quality: run.quality, engine: run.engine, ...(run.jobId ? { jobId: run.jobId } : {}), ...(responseId ? { responseId } : {}) },
    });
  };

  const readInput = (requestId: string, f: Focus) =>
    new Promise<EditInput>((resolve, reject) => {
      inputs.current.set(requestId, { resolve, reject });
      postToMain({ type: 'get-edit-input', requestId, nodeId: f.nodeId, referenceIds: f.references.slice(0, (resolveModel(modelRef)?.maxEditImages ?? MAX_EDIT_IMAGES) - 1).map((r) => r.id), maskId: f.mask?.id ?? null });
    });

  type EditOptions = { transparent?: boolean; style?: StyleLock; complexity?: Complexity };

  /** Starts an edit of the focused frame; returns its run id at once (the run goes on by itself), or undefined. */
  const edit = (prompt: string, options: EditOptions = {}): string | undefined => {
    const f = focus;
    if (!f || !settings) return undefined;
    const quality = qualityFor({ id: f.nodeId, width: f.width, height: f.height }, overrides, modelRef);
    const run: EditRun = {
      id: nextId(), nodeId: f.nodeId, nodeName: f.name, prompt, n: variations, model, quality, engine, status: 'reading', results: [],
      size: requestSizeFor(modelRef, f.width, f.height, quality),
      ...(options.transparent ? { background: 'transparent' as const } : {}),
      ...(options.complexity && engine === 'images' ? { complexity: options.complexity } : {}),
    };
    setRuns((all) => (runsRef.current = [...all, run]));
    if (f.maskProblem) patch(run.id, { status: 'failed', message: f.maskProblem });
    else void execute(run, f, settings, options);
    return run.id;
  };

  const execute = async (run: EditRun, f: Focus, config: StoredSettings, options: EditOptions) => {
    const abort = new AbortController();
    controllers.current.add(abort);
    let partialUrl: string | undefined;
    let jobId: string | undefined;
    try {
      const input = await frameOnly(await readInput(run.id, f));
      const current = currentVersion(f.thread);
      const previousResponseId = engine === 'responses' && current?.engine === 'responses' ? current.responseId : undefined;
      // What changes and everything that stays, on every turn (OpenAI's guide); the images labelled in the order
      // they are sent (a continued conversation already holds the frame's image, so only references go).
      const references = input.references.map((r) => ({ role: 'reference' as const, name: r.name }));
      const sent = editPrompt({
        change: run.prompt,
        subject: f.thread.versions[0]?.prompt,
        style: options.style,
        images: previousResponseId ? references : [{ role: 'current' }, ...references],
        transparent: options.transparent,
      });
      patch(run.id, { status: 'editing', sent });
      const images = await runEdit({ ...run, model: modelRef, prompt: sent, input, ...(previousResponseId ? { previousResponseId } : {}) }, config, abort.signal, {
        onJob: (id) => patch(run.id, { jobId: (jobId = id) }),
        onPartial: (bytes) => {
          urls.revoke(partialUrl);
          patch(run.id, { partialUrl: (partialUrl = urls.create(bytes, 'png')) });
        },
      });
      urls.revoke(partialUrl);
      if (images.length === 0) return patch(run.id, { status: 'failed', partialUrl: undefined, message: 'The stream ended before the image was finished.' });
      const results = images.map((image) => ({ image, url: urls.create(image.bytes, 'png') }));
      patch(run.id, { results, partialUrl: undefined, status: results.length > 1 ? 'choosing' : 'applying' });
      if (results.length === 1) applyVariation(run.id, 0);
    } catch (error) {
      if (abort.signal.aborted) {
        if (jobId) void createBackendClient(config).cancelJob(jobId);
        patch(run.id, { status: 'stopped', message: 'Stopped.' });
      } else {
        patch(run.id, { status: 'failed', message: describeError(error) });
      }
    } finally {
      controllers.current.delete(abort);
    }
  };

  const restore = (versionId: number) => {
    if (focus) postToMain({ type: 'restore-version', nodeId: focus.nodeId, versionId });
  };
  const setEngine = (next: ConversationEngine) => postToMain({ type: 'set-engine', engine: next });
  const stop = () => {
    for (const c of controllers.current) c.abort();
  };
  const busy = runs.some((r) => r.status === 'reading' || r.status === 'editing');

  return { focus, engine, setEngine, variations, setVariations, thumbs, runs, busy, edit, restore, applyVariation, stop };
}

export type ThreadState = ReturnType<typeof useThreadState>;

/**
 * Talking to a frame: the focused frame and its thread (with a thumbnail per version), the engine that edits it,
 * and how many variations the next prompt asks for. The edits themselves are runs (ui/run/).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationEngine, Focus, MainToUi } from '../../contract/messages';
import { postToMain } from '../bridge';
import { createObjectUrls } from '../object-urls';
import type { PromptMode } from '../run/plan';

/** Most variations one prompt asks for. */
export const MAX_VARIATIONS = 4;

export function useFocusState() {
  const [focus, setFocus] = useState<Focus | null>(null);
  const [engine, setEngineState] = useState<ConversationEngine>('images');
  const [variations, setVariations] = useState(1);
  /** On a filled frame: edit its image, or make a new one (issue 19); back to Edit for each new frame. */
  const [mode, setMode] = useState<PromptMode>('edit');
  /** Hide the region's mask shape once the edited image is placed. */
  const [hideMask, setHideMask] = useState(false);
  const focusedId = focus?.nodeId;
  useEffect(() => setMode('edit'), [focusedId]);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const requested = useRef(new Set<string>());
  const urls = useMemo(createObjectUrls, []);
  useEffect(() => () => urls.revokeAll(), [urls]);

  useEffect(() => {
    for (const v of focus?.thread.versions ?? []) {
      if (requested.current.has(v.imageHash)) continue;
      requested.current.add(v.imageHash);
      postToMain({ type: 'get-image-bytes', hash: v.imageHash });
    }
  }, [focus]);

  /** The main thread's messages about the focused frame. */
  const handlers = {
    focus: (m: Extract<MainToUi, { type: 'focus' }>) => setFocus(m.focus),
    engine: (m: Extract<MainToUi, { type: 'engine' }>) => setEngineState(m.engine),
    'image-bytes': (m: Extract<MainToUi, { type: 'image-bytes' }>) => {
      if (!m.bytes) return;
      const url = urls.create(m.bytes, 'png');
      setThumbs((all) => ({ ...all, [m.hash]: url }));
    },
  };

  /** Any applied image (an edit's or a generation's) may have grown the focused frame's thread: ask for it again. */
  const refresh = () => postToMain({ type: 'get-thread-state' });
  const restore = (versionId: number) => {
    if (focus) postToMain({ type: 'restore-version', nodeId: focus.nodeId, versionId });
  };
  const setEngine = (next: ConversationEngine) => postToMain({ type: 'set-engine', engine: next });
  /** The mask chip's remove: the shape leaves the selection, and the focus that follows has no region. */
  const removeMask = () => {
    if (focus?.mask) postToMain({ type: 'deselect-node', nodeId: focus.mask.id });
  };

  return { focus, engine, setEngine, variations, setVariations, mode, setMode, hideMask, setHideMask, removeMask, thumbs, restore, refresh, handlers };
}

export type FocusState = ReturnType<typeof useFocusState>;

/**
 * Images from the design itself (issue 15), the prompt area's choices: render a wireframe frame into a picture
 * (beside it, or replacing it), anchor a batch on one image so every frame shares its subject, and adapt one image
 * (the master) to the sizes of the other selected frames.
 */
import { useState } from 'preact/hooks';
import type { SelectionInfo, Target } from '../../contract/messages';
import { adaptSelection, DEFAULT_ADAPT_CHOICE, presetLabel, type AdaptChoice, type AdaptPreset } from '../../core/adapt-sizes';
import { postToMain } from '../bridge';
import type { FromDesignOptions } from '../run/plan-design';

export function useFromDesign() {
  const [render, setRender] = useState(false);
  const [replace, setReplace] = useState(false);
  const [anchored, setAnchored] = useState(false);
  const [anchorId, setAnchorId] = useState<string | null>(null);
  const [adapt, setAdapt] = useState(false);
  const [adaptChoice, setAdaptChoice] = useState<AdaptChoice>(DEFAULT_ADAPT_CHOICE);
  const options: FromDesignOptions = { render, replace, anchored, anchorId, adapt, adaptChoice };
  /** Preset sizes as new frames beside the master ("<master> / Story 1080×1920"); adapting is then on. */
  const addPresets = (master: Pick<Target, 'id' | 'name'>, presets: readonly AdaptPreset[]) => {
    postToMain({ type: 'create-adapt-frames', masterId: master.id, frames: presets.map((p) => ({ name: `${master.name} / ${presetLabel(p)}`, width: p.width, height: p.height })) });
    setAdapt(true);
  };
  return { options, setRender, setReplace, setAnchored, setAnchorId, setAdapt, setAdaptChoice, addPresets };
}

export type FromDesignState = ReturnType<typeof useFromDesign>;

/** Adapting, the target list shows the frames to adapt to (the master is named by the adapt controls). */
export function adaptShown<S extends Pick<SelectionInfo, 'targets'>>(selection: S): S {
  const chosen = adaptSelection(selection.targets);
  return chosen.ok ? { ...selection, targets: chosen.targets } : selection;
}

/** The master's name when the selection can be adapted (for the target list's sentence). */
export function adaptMasterOf(targets: readonly Target[]): string | undefined {
  const chosen = adaptSelection(targets);
  return chosen.ok ? chosen.master.name : undefined;
}

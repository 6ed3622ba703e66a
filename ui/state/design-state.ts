/**
 * Prompts that know the design, in the UI: the file's style lock (kept in the document by the main thread), the
 * document's colours, and the toggles (prompt from layer names, use the frame's text, transparent background).
 */
import { useState } from 'preact/hooks';
import type { MainToUi, Target } from '../../contract/messages';
import { assemblePrompt, EMPTY_STYLE, promptFromLayerName, type StyleLock } from '../../core/prompt';
import { postToMain } from '../bridge';

export interface DesignOptions {
  style: StyleLock;
  useLayerNames: boolean;
  useFrameText: boolean;
  /** Ask for a transparent background (icons, illustrations, cut-outs), where the model can make one. */
  transparent: boolean;
}

/** The prompt each target gets (null target: a new frame, which has no name or text of its own). */
export function promptFor(prompt: string, target: Pick<Target, 'name' | 'text'> | null, options: DesignOptions): string {
  return assemblePrompt({
    prompt,
    layerPrompt: options.useLayerNames && target ? promptFromLayerName(target.name) : null,
    frameText: options.useFrameText && target ? (target.text ?? []) : [],
    style: options.style,
    transparent: options.transparent,
  });
}

export function useDesignState() {
  const [style, setStyle] = useState<StyleLock>(EMPTY_STYLE);
  const [documentColors, setDocumentColors] = useState<string[]>([]);
  const [useLayerNames, setUseLayerNames] = useState(false);
  const [useFrameText, setUseFrameText] = useState(false);
  const [transparent, setTransparent] = useState(false);

  /** The main thread's word on the document's style lock and colours. */
  const handlers = {
    design: (message: Extract<MainToUi, { type: 'design' }>) => {
      setStyle(message.style);
      setDocumentColors(message.documentColors);
    },
  };

  const saveStyle = (next: StyleLock) => {
    setStyle(next);
    postToMain({ type: 'save-style', style: next });
  };

  const options: DesignOptions = { style, useLayerNames, useFrameText, transparent };
  return { handlers, style, saveStyle, documentColors, useLayerNames, setUseLayerNames, useFrameText, setUseFrameText, transparent, setTransparent, options };
}

export type DesignState = ReturnType<typeof useDesignState>;

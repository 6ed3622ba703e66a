/**
 * Images from the design itself (issue 15), the prompt area's choices: render a wireframe frame into a picture
 * (beside it, or replacing it), and anchor a batch on one image so every frame shares its subject.
 */
import { useState } from 'preact/hooks';
import type { FromDesignOptions } from '../run/plan-design';

export function useFromDesign() {
  const [render, setRender] = useState(false);
  const [replace, setReplace] = useState(false);
  const [anchored, setAnchored] = useState(false);
  const [anchorId, setAnchorId] = useState<string | null>(null);
  const options: FromDesignOptions = { render, replace, anchored, anchorId };
  return { options, setRender, setReplace, setAnchored, setAnchorId };
}

export type FromDesignState = ReturnType<typeof useFromDesign>;

import type { Focus, Target } from '../../contract/messages';
import { isWireframe } from '../run/plan-design';
import type { FromDesignState } from '../state/from-design-state';

/**
 * The prompt area's choices for images from the design (issue 15), shown only where they apply: a selected frame
 * with layers and no image fill can be rendered ("Render the frame as a wireframe", beside it unless "Replace the
 * wireframe"); a batch can be anchored ("Same subject in every frame", on the first finished image or a picked one).
 */
export function FromDesign({ targets, focus, d }: { targets: readonly Target[]; focus: Focus | null; d: FromDesignState }) {
  if (focus) return null;
  const wireframes = targets.filter(isWireframe);
  const batch = targets.length - (d.options.render ? wireframes.length : 0) > 1;
  const pickable = targets.filter((t) => t.hasImageFill);
  if (wireframes.length === 0 && !batch) return null;
  return (
    <div class="from-design row" role="group" aria-label="From the design">
      {wireframes.length > 0 && (
        <label class="check" title="The frame's layers are exported and sent as the image to render; its text is kept exactly">
          <input type="checkbox" checked={d.options.render} onChange={(e) => d.setRender(e.currentTarget.checked)} />
          {wireframes.length === 1 ? 'Render the frame as a wireframe' : `Render the ${wireframes.length} frames as wireframes`}
        </label>
      )}
      {wireframes.length > 0 && d.options.render && (
        <label class="check" title="Off: the picture goes in a new frame beside the wireframe">
          <input type="checkbox" checked={d.options.replace} onChange={(e) => d.setReplace(e.currentTarget.checked)} />
          Replace the wireframe
        </label>
      )}
      {batch && (
        <label class="check" title="The anchor image is sent as a reference with every other frame's request">
          <input type="checkbox" checked={d.options.anchored} onChange={(e) => d.setAnchored(e.currentTarget.checked)} />
          Same subject in every frame
        </label>
      )}
      {batch && d.options.anchored && (
        <label>
          Anchor
          <select value={d.options.anchorId ?? ''} onChange={(e) => d.setAnchorId(e.currentTarget.value || null)}>
            <option value="">First finished image</option>
            {pickable.map((t) => (
              <option key={t.id} value={t.id}>
                {`“${t.name}” (its image)`}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

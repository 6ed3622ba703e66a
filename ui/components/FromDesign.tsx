import type { Focus, Target } from '../../contract/messages';
import { canAdapt, DEFAULT_ADAPT_CHOICE } from '../../core/adapt-sizes';
import { isWireframe } from '../run/plan-design';
import { AdaptControls } from './AdaptControls';
import { AdaptPresets } from './AdaptPresets';
import { Readapt } from './Readapt';
import type { FromDesignState } from '../state/from-design-state';

/**
 * The prompt area's choices for images from the design (issue 15), shown only where they apply: a selected frame
 * with layers and no image fill can be rendered ("Render the frame as a wireframe", beside it unless "Replace the
 * wireframe"); a batch can be anchored ("Same subject in every frame", on the first finished image or a picked one);
 * an image-filled frame with other frames can be adapted to their sizes ("Adapt to sizes", even while it is focused).
 */
export function FromDesign({ targets, focus, d, onReadapt }: { targets: readonly Target[]; focus: Focus | null; d: FromDesignState; onReadapt?(): void }) {
  const adaptable = canAdapt(targets);
  // One focused image alone: its preset sizes can be added beside it, to adapt it to.
  const master = focus && targets.length === 1 && targets[0]!.id === focus.nodeId && targets[0]!.hasImageFill ? targets[0]! : null;
  if (master) {
    return (
      <div class="from-design row" role="group" aria-label="From the design">
        <AdaptPresets master={master} onAdd={(presets) => d.addPresets(master, presets)} />
        {focus && onReadapt && <Readapt focus={focus} onReadapt={onReadapt} />}
      </div>
    );
  }
  if (focus && !adaptable) return null;
  const adapting = adaptable && !!d.options.adapt;
  const others = !focus && !adapting;
  const wireframes = others ? targets.filter(isWireframe) : [];
  const batch = others && targets.length - (d.options.render ? wireframes.length : 0) > 1;
  const pickable = targets.filter((t) => t.hasImageFill);
  if (wireframes.length === 0 && !batch && !adaptable) return null;
  return (
    <div class="from-design row" role="group" aria-label="From the design">
      {adaptable && (
        <label class="check" title="The selected image (the master) recomposed into each other selected frame's size; the model extends the scene">
          <input type="checkbox" checked={adapting} onChange={(e) => d.setAdapt(e.currentTarget.checked)} />
          Adapt to sizes
        </label>
      )}
      {focus && onReadapt && <Readapt focus={focus} onReadapt={onReadapt} />}
      {adapting && <AdaptControls targets={targets} choice={d.options.adaptChoice ?? DEFAULT_ADAPT_CHOICE} onChoice={d.setAdaptChoice} />}
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

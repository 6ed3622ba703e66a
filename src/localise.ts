/**
 * Localise on the canvas (issue 16): a translated image lands in a duplicate of its source frame, its layers included,
 * beside the source and clear of every sibling (core/adapt-geometry.ts besideRect), named with the language, its text
 * layers given the reviewed translations. The duplicate is made only when its image has arrived, so a cancelled or
 * failed edit leaves nothing behind; duplicate, image, text and record are one undo step.
 */
import { tidyText } from '../core/localise';
import { THREAD_KEY } from '../core/thread';
import { createImage, failed, type ApplyAnswer, type ApplyRequest } from './apply';
import { besideSource } from './beside-preview';
import { writeRecord } from './document-data';
import { withImageFill } from './fills';
import { recordVersion, THREAD_RECORD } from './thread';

type Beside = NonNullable<ApplyRequest['beside']>;
type Duplicable = SceneNode & MinimalFillsMixin & ChildrenMixin & { clone(): SceneNode & MinimalFillsMixin & ChildrenMixin };

const duplicable = (node: BaseNode | null): node is Duplicable =>
  !!node && !node.removed && 'clone' in node && 'fills' in node && 'findAllWithCriteria' in node && !!node.parent && 'appendChild' in node.parent;

const textsOf = (node: ChildrenMixin): TextNode[] => node.findAllWithCriteria({ types: ['TEXT'] });

/** Typings, TextNode.characters: "Setting this property requires the font the be loaded". Whether each layer's fonts loaded. */
async function loadFonts(layers: readonly TextNode[]): Promise<boolean[]> {
  return Promise.all(
    layers.map(async (t) => {
      const fonts = t.fontName === figma.mixed ? t.getRangeAllFontNames(0, t.characters.length) : [t.fontName];
      try {
        await Promise.all(fonts.map((f) => figma.loadFontAsync(f)));
        return true;
      } catch {
        return false;
      }
    }),
  );
}

export async function placeDuplicate(req: ApplyRequest, beside: Beside): Promise<ApplyAnswer> {
  const source = await figma.getNodeByIdAsync(beside.sourceId);
  if (!duplicable(source)) return failed(req, 'deleted', `The frame to localise was deleted, so “${beside.name}” was not made; the image is kept in the chat.`);
  const texts = beside.texts ?? {};
  const translate = textsOf(source).map((t) => texts[tidyText(t.characters)] || null);
  // Fonts first: everything after the last await happens at once, so no other apply's change joins this undo step.
  const loaded = await loadFonts(textsOf(source).map((t, i) => (translate[i] ? [t] : [])).flat());
  if (source.removed) return failed(req, 'deleted', `The frame to localise was deleted, so “${beside.name}” was not made; the image is kept in the chat.`);
  const image = createImage(req.bytes);
  if (!image) return failed(req, 'invalid-image', 'Figma could not read the image bytes.');
  const parent = source.parent as BaseNode & ChildrenMixin;
  const rect = besideSource(source);
  // Typings, clone(): "By default, the duplicate will be parented under figma.currentPage": it goes beside its source.
  const copy = source.clone() as Duplicable;
  parent.appendChild(copy);
  copy.name = beside.name;
  copy.x = rect.x;
  copy.y = rect.y;
  copy.fills = withImageFill(copy.fills === figma.mixed ? [] : copy.fills, image.hash) as Paint[];
  const kept: string[] = [];
  let next = 0;
  textsOf(copy).forEach((layer, i) => {
    const to = translate[i];
    if (!to) return;
    if (loaded[next++]) layer.characters = to;
    else kept.push(layer.name);
  });
  // The copy's thread starts at its localised image (recording the source), not with the source's versions.
  writeRecord(copy, THREAD_RECORD, '');
  copy.setPluginData(THREAD_KEY, '');
  recordVersion(copy, image.hash, req.prompt, { ...req.version, source: source.id });
  figma.commitUndo();
  const fonts = kept.length > 0 ? `${kept.map((n) => `“${n}”`).join(', ')} kept ${kept.length === 1 ? 'its' : 'their'} text: ${kept.length === 1 ? 'its font is' : 'their fonts are'} not available.` : '';
  const note = [req.note, fonts].filter(Boolean).join(' ');
  return { type: 'applied', requestId: req.requestId, nodeId: copy.id, imageHash: image.hash, created: true, ...(note ? { note } : {}) };
}

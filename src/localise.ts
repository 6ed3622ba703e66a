/**
 * Localise on the canvas (issue 16): a translated image lands in a duplicate of its source frame, its layers and text
 * included, beside the source and clear of every sibling (core/adapt-geometry.ts besideRect), named with the
 * language. The duplicate is made only when its image has arrived, so a cancelled or failed edit leaves nothing
 * behind; duplicate, image and record are one undo step.
 */
import { besideRect } from '../core/adapt-geometry';
import { THREAD_KEY } from '../core/thread';
import { boxOf, createImage, failed, type ApplyAnswer, type ApplyRequest } from './apply';
import { writeRecord } from './document-data';
import { withImageFill } from './fills';
import { recordVersion, THREAD_RECORD } from './thread';

type Beside = NonNullable<ApplyRequest['beside']>;
type Duplicable = SceneNode & MinimalFillsMixin & { clone(): SceneNode & MinimalFillsMixin };

const duplicable = (node: BaseNode | null): node is Duplicable => !!node && !node.removed && 'clone' in node && 'fills' in node && !!node.parent && 'appendChild' in node.parent;

export async function placeDuplicate(req: ApplyRequest, beside: Beside): Promise<ApplyAnswer> {
  const source = await figma.getNodeByIdAsync(beside.sourceId);
  if (!duplicable(source)) return failed(req, 'deleted', `The frame to localise was deleted, so “${beside.name}” was not made; the image is kept in the chat.`);
  const image = createImage(req.bytes);
  if (!image) return failed(req, 'invalid-image', 'Figma could not read the image bytes.');
  const parent = source.parent as BaseNode & ChildrenMixin;
  const siblings = parent.children.filter((c) => c.id !== source.id).map(boxOf);
  const rect = besideRect(boxOf(source), { width: source.width, height: source.height }, siblings);
  // Typings, clone(): "By default, the duplicate will be parented under figma.currentPage": it goes beside its source.
  const copy = source.clone() as SceneNode & MinimalFillsMixin;
  parent.appendChild(copy);
  copy.name = beside.name;
  copy.x = rect.x;
  copy.y = rect.y;
  copy.fills = withImageFill(copy.fills === figma.mixed ? [] : copy.fills, image.hash) as Paint[];
  // The copy's thread starts at its localised image (recording the source), not with the source's versions.
  writeRecord(copy, THREAD_RECORD, '');
  copy.setPluginData(THREAD_KEY, '');
  recordVersion(copy, image.hash, req.prompt, { ...(req.version ?? { model: 'unknown', size: 'auto', quality: 'auto', engine: 'images' }), source: source.id });
  figma.commitUndo();
  return { type: 'applied', requestId: req.requestId, nodeId: copy.id, imageHash: image.hash, created: true, ...(req.note ? { note: req.note } : {}) };
}

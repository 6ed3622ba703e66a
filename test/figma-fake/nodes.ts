/**
 * Scene nodes, faked with the behaviour the plugin relies on: ids, sizes, rotation and transforms, fill geometry,
 * frozen fills, lock, removal, plugin data.
 */
import { fillGeometryOf, type FakeVectorPath, type ShapeProps } from './geometry';
import type { ImageStore } from './images';
import { flatPng } from './png';

let nextId = 1;
export const newNodeId = () => `1:${nextId++}`;

/** Node types with fills, as in @figma/plugin-typings. */
const WITH_FILLS = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR', 'BOOLEAN_OPERATION', 'SECTION', 'TEXT']);

export type PaintLike = { type: string; [k: string]: unknown };
type Transform = [[number, number, number], [number, number, number]];

const compose = ([[a, b, tx], [c, d, ty]]: Transform, [[e, f, ux], [g, h, uy]]: Transform): Transform => [
  [a * e + b * g, a * f + b * h, a * ux + b * uy + tx],
  [c * e + d * g, c * f + d * h, c * ux + d * uy + ty],
];

export class FakeNode {
  readonly id = newNodeId();
  name: string;
  x = 0;
  y = 0;
  width: number;
  height: number;
  /** Degrees, counter-clockwise on screen, about the node's origin (its top-left corner), as in Figma. */
  rotation = 0;
  locked = false;
  removed = false;
  parent: FakeNode | null = null;
  readonly children: FakeNode[] = [];
  private _fills: readonly PaintLike[] | undefined;
  private readonly pluginData = new Map<string, string>();
  readonly relaunchData: Record<string, string> = {};

  constructor(
    readonly type: string,
    props: { name?: string; width?: number; height?: number; x?: number; y?: number; rotation?: number; fills?: PaintLike[]; characters?: string; visible?: boolean } & ShapeProps,
    private readonly images: ImageStore,
  ) {
    this.shape = { ...(props.pointCount ? { pointCount: props.pointCount } : {}), ...(props.innerRadius ? { innerRadius: props.innerRadius } : {}) };
    if (type === 'VECTOR') this.vectorPaths = (props.vectorPaths ?? []).map((p) => ({ ...p }));
    this.rotation = props.rotation ?? 0;
    this.name = props.name ?? type.charAt(0) + type.slice(1).toLowerCase();
    this.width = props.width ?? 100;
    this.height = props.height ?? 100;
    this.x = props.x ?? 0;
    this.y = props.y ?? 0;
    if (props.characters !== undefined) this.characters = props.characters;
    if (props.visible !== undefined) this.visible = props.visible;
    if (WITH_FILLS.has(type)) {
      this._fills = Object.freeze((props.fills ?? [{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }]).map((p) => Object.freeze({ ...p })));
      // Only nodes that have fills have the property at all, as in Figma ('fills' in group === false).
      Object.defineProperty(this, 'fills', {
        enumerable: true,
        get: () => this._fills,
        set: (value: readonly PaintLike[]) => this.setFills(value),
      });
    }
  }

  declare fills: readonly PaintLike[];
  private readonly shape: ShapeProps;
  /** VECTOR only: the vector's paths. */
  declare vectorPaths: FakeVectorPath[];

  /** The paths Figma fills, in the node's own coordinates (none without fills). */
  get fillGeometry(): FakeVectorPath[] {
    const hasFills = (this._fills ?? []).some((p) => p.visible !== false);
    return fillGeometryOf(this.type, this.width, this.height, { ...this.shape, ...(this.type === 'VECTOR' ? { vectorPaths: this.vectorPaths } : {}) }, hasFills);
  }

  private setFills(value: readonly PaintLike[]): void {
    if (this.removed) throw new Error('The node with id ' + this.id + ' does not exist');
    if (!Array.isArray(value)) throw new Error('fills must be an array');
    for (const p of value) {
      if (p.type === 'IMAGE' && (typeof p.imageHash !== 'string' || !this.images.has(p.imageHash))) throw new Error('Invalid image hash');
    }
    this._fills = Object.freeze(value.map((p) => Object.freeze(structuredClone(p))));
  }

  hasFills(): boolean {
    return this._fills !== undefined;
  }

  resize(width: number, height: number): void {
    if (width < 0.01 || height < 0.01) throw new Error('Size must be at least 0.01');
    this.width = width;
    this.height = height;
  }

  appendChild(child: FakeNode): void {
    child.parent?.children.splice(child.parent.children.indexOf(child), 1);
    child.parent = this;
    this.children.push(child);
  }

  remove(): void {
    this.removed = true;
    this.parent?.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
    for (const c of [...this.children]) c.remove();
  }

  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? '';
  }

  setPluginData(key: string, value: string): void {
    if (key.length + value.length > 100_000) throw new Error('Plugin data exceeds the 100 kB limit');
    if (value === '') this.pluginData.delete(key);
    else this.pluginData.set(key, value);
  }

  getPluginDataKeys(): string[] {
    return [...this.pluginData.keys()];
  }

  setRelaunchData(data: Record<string, string>): void {
    for (const k of Object.keys(this.relaunchData)) delete this.relaunchData[k];
    Object.assign(this.relaunchData, data);
  }

  /** Figma's `relativeTransform`: position and rotation in the parent's coordinates. */
  get relativeTransform(): Transform {
    const t = (this.rotation * Math.PI) / 180;
    const [cos, sin] = [Math.cos(t), Math.sin(t)];
    return [
      [cos, sin, this.x],
      [-sin, cos, this.y],
    ];
  }

  /** Figma's `absoluteTransform`: the node's coordinates to the page's, through every ancestor below the page. */
  get absoluteTransform(): Transform {
    let m = this.relativeTransform;
    for (let n = this.parent; n && n.type !== 'PAGE'; n = n.parent) m = compose(n.relativeTransform, m);
    return m;
  }

  /** The page-aligned box around the node's (possibly rotated) corners. */
  get absoluteBoundingBox(): { x: number; y: number; width: number; height: number } | null {
    if (this.type === 'PAGE') return null;
    const [[a, b, tx], [c, d, ty]] = this.absoluteTransform;
    const corners = [[0, 0], [this.width, 0], [this.width, this.height], [0, this.height]].map(([x, y]) => [a * x! + b * y! + tx, c * x! + d * y! + ty]);
    const xs = corners.map(([x]) => x!);
    const ys = corners.map(([, y]) => y!);
    const [x, y] = [Math.min(...xs), Math.min(...ys)];
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  }

  /** Figma renders the node; the fake gives a flat PNG of the node's size at the export scale (PNG only). */
  async exportAsync(settings?: { format?: string; constraint?: { type: string; value: number } }): Promise<Uint8Array> {
    if (this.removed) throw new Error('The node with id ' + this.id + ' does not exist');
    if (settings?.format && settings.format !== 'PNG') throw new Error('The fake exports PNG only');
    const scale = settings?.constraint?.type === 'SCALE' ? settings.constraint.value : 1;
    return flatPng(Math.max(1, Math.round(this.width * scale)), Math.max(1, Math.round(this.height * scale)), [200, 200, 200, 255]);
  }

  /** Text nodes' content. */
  characters = '';
  visible = true;

  /** Figma's fast type search over descendants, in document order. */
  findAllWithCriteria(criteria: { types?: string[] }): FakeNode[] {
    return this.findAll((n) => !criteria.types || criteria.types.includes(n.type));
  }

  /** Every descendant, depth first. */
  findAll(predicate: (n: FakeNode) => boolean = () => true): FakeNode[] {
    return this.children.flatMap((c) => [...(predicate(c) ? [c] : []), ...c.findAll(predicate)]);
  }
}

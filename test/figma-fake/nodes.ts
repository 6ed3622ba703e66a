/**
 * Scene nodes, faked with the behaviour the plugin relies on: ids, sizes, rotation and transforms, fill geometry,
 * frozen fills validated as Figma validates paints, lock, removal, plugin data (private to the plugin id, or
 * shared by namespace, both within Figma's 100 kB per entry), relaunch data checked against the manifest, exports
 * of the node's rendered bounds.
 */
import { fillGeometryOf, type FakeVectorPath, type ShapeProps } from './geometry';
import type { ImageStore } from './images';
import type { ManifestRelaunchButton } from './manifest';
import { validatePaint, type PaintLike } from './paints';
import { layeredPng, type Rgba } from './png';

let nextId = 1;
export const newNodeId = () => `1:${nextId++}`;

/** Node types with fills, as in @figma/plugin-typings. */
const WITH_FILLS = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR', 'BOOLEAN_OPERATION', 'SECTION', 'TEXT']);

export type { PaintLike } from './paints';
type Transform = [[number, number, number], [number, number, number]];

/** What every node of one fake document shares: its images, the running plugin, and Figma's reactions. */
export interface FakeContext {
  images: ImageStore;
  /** The running plugin's id: private plugin data is keyed by it ("Data will become inaccessible if your plugin ID changes"). */
  pluginId(): string;
  /** The manifest's relaunch buttons: setRelaunchData shows only commands listed there. */
  relaunchButtons(): readonly ManifestRelaunchButton[];
  /** Throws once the plugin is closed: "Calling figma.closePlugin() disables callbacks and Figma APIs". */
  assertOpen(): void;
  /** A node left the document (a selected one changes the selection). */
  removed(node: FakeNode): void;
  /** A node made by the plugin (a clone) joins the document: found by id, kept in the undo history. */
  adopt(node: FakeNode): void;
  /** Where a duplicate goes by default (typings, clone). */
  currentPage(): FakeNode;
  /** The font was loaded with figma.loadFontAsync in this run (typings, characters: "requires the font the be loaded"). */
  fontLoaded(font: FakeFontName): boolean;
}

export interface FakeFontName {
  family: string;
  style: string;
}

/** Plugin data entries count their id or namespace, key and value (typings: "Total entry size cannot exceed 100 kB"). */
export const PLUGIN_DATA_MAX_BYTES = 100_000;
const utf8Length = (s: string) => new TextEncoder().encode(s).length;
/** Effects whose spread widens what a node renders (and exports). */
export interface FakeEffect {
  type: 'DROP_SHADOW' | 'LAYER_BLUR';
  radius: number;
  offset?: { x: number; y: number };
}

const compose = ([[a, b, tx], [c, d, ty]]: Transform, [[e, f, ux], [g, h, uy]]: Transform): Transform => [
  [a * e + b * g, a * f + b * h, a * ux + b * uy + tx],
  [c * e + d * g, c * f + d * h, c * ux + d * uy + ty],
];

/** A node's document state as the undo history keeps it. */
export interface NodeUndoState {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  locked: boolean;
  visible: boolean;
  characters: string;
  removed: boolean;
  parent: FakeNode | null;
  children: FakeNode[];
  fills: readonly PaintLike[] | undefined;
  pluginData: Map<string, Map<string, string>>;
  sharedData: Map<string, Map<string, string>>;
  relaunchData: Record<string, string>;
  effects: FakeEffect[];
}

export type FakeNodeProps = {
  name?: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  rotation?: number;
  fills?: PaintLike[];
  characters?: string;
  /** TEXT only; Inter Regular by default, as Figma's createText. */
  fontName?: FakeFontName;
  visible?: boolean;
  effects?: FakeEffect[];
} & ShapeProps;

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
  /** Private plugin data, per plugin id. */
  private readonly pluginData = new Map<string, Map<string, string>>();
  /** Shared plugin data, per namespace. */
  private readonly sharedData = new Map<string, Map<string, string>>();
  readonly relaunchData: Record<string, string> = {};
  effects: FakeEffect[] = [];

  constructor(
    readonly type: string,
    props: FakeNodeProps,
    private readonly ctx: FakeContext,
  ) {
    if (props.effects) this.effects = props.effects.map((e) => ({ ...e }));
    this.shape = { ...(props.pointCount ? { pointCount: props.pointCount } : {}), ...(props.innerRadius ? { innerRadius: props.innerRadius } : {}) };
    if (type === 'VECTOR') this.vectorPaths = (props.vectorPaths ?? []).map((p) => ({ ...p }));
    this.rotation = props.rotation ?? 0;
    this.name = props.name ?? type.charAt(0) + type.slice(1).toLowerCase();
    this.width = props.width ?? 100;
    this.height = props.height ?? 100;
    this.x = props.x ?? 0;
    this.y = props.y ?? 0;
    if (props.characters !== undefined) this.text = props.characters;
    if (type === 'TEXT') this.fontName = { ...(props.fontName ?? { family: 'Inter', style: 'Regular' }) };
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

  /** Writes to a node are refused once the plugin closed or the node left the document. */
  private assertWritable(): void {
    this.ctx.assertOpen();
    if (this.removed) throw new Error(`The node with id ${JSON.stringify(this.id)} does not exist`);
  }

  private setFills(value: readonly PaintLike[]): void {
    this.assertWritable();
    if (!Array.isArray(value)) throw new Error('in set_fills: Expected an array of paints');
    for (const p of value) validatePaint(p, (hash) => this.ctx.images.has(hash));
    this._fills = Object.freeze(value.map((p) => Object.freeze(structuredClone(p))));
  }

  hasFills(): boolean {
    return this._fills !== undefined;
  }

  resize(width: number, height: number): void {
    this.assertWritable();
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
    this.ctx.removed(this);
  }

  private static write(store: Map<string, Map<string, string>>, owner: string, key: string, value: string): void {
    if (typeof key !== 'string' || typeof value !== 'string') throw new Error('Plugin data keys and values must be strings');
    const size = utf8Length(owner) + utf8Length(key) + utf8Length(value);
    if (size > PLUGIN_DATA_MAX_BYTES) throw new Error(`Plugin data entry is ${size} bytes; the total entry size cannot exceed 100 kB`);
    const entries = store.get(owner) ?? new Map<string, string>();
    store.set(owner, entries);
    // "If you set the value to the empty string (""), the key/value pair is removed."
    if (value === '') entries.delete(key);
    else entries.set(key, value);
  }

  getPluginData(key: string): string {
    return this.pluginData.get(this.ctx.pluginId())?.get(key) ?? '';
  }

  setPluginData(key: string, value: string): void {
    this.assertWritable();
    FakeNode.write(this.pluginData, this.ctx.pluginId(), key, value);
  }

  getPluginDataKeys(): string[] {
    return [...(this.pluginData.get(this.ctx.pluginId())?.keys() ?? [])];
  }

  /** "The namespace must be at least 3 alphanumeric characters." (typings, setSharedPluginData) */
  private static checkNamespace(namespace: string): void {
    if (typeof namespace !== 'string' || !/^[A-Za-z0-9]{3,}$/.test(namespace)) throw new Error(`Invalid namespace ${JSON.stringify(namespace)}: it must be at least 3 alphanumeric characters`);
  }

  getSharedPluginData(namespace: string, key: string): string {
    FakeNode.checkNamespace(namespace);
    return this.sharedData.get(namespace)?.get(key) ?? '';
  }

  setSharedPluginData(namespace: string, key: string, value: string): void {
    this.assertWritable();
    FakeNode.checkNamespace(namespace);
    FakeNode.write(this.sharedData, namespace, key, value);
  }

  getSharedPluginDataKeys(namespace: string): string[] {
    FakeNode.checkNamespace(namespace);
    return [...(this.sharedData.get(namespace)?.keys() ?? [])];
  }

  /**
   * Typings, setRelaunchData: each call replaces the node's relaunch data; a description over 1000 characters
   * throws; a command not in the manifest's relaunchButtons shows nothing (see `relaunchButtons`).
   */
  setRelaunchData(data: Record<string, string>): void {
    this.assertWritable();
    for (const [command, description] of Object.entries(data)) {
      if (typeof description !== 'string') throw new Error(`Relaunch description for ${command} must be a string`);
      if (description.length > 1000) throw new Error(`Relaunch description for ${command} exceeds 1000 characters`);
    }
    for (const k of Object.keys(this.relaunchData)) delete this.relaunchData[k];
    Object.assign(this.relaunchData, data);
  }

  getRelaunchData(): Record<string, string> {
    return { ...this.relaunchData };
  }

  /** The buttons Figma shows in the properties panel: relaunch data whose command the manifest names, with its name. */
  get relaunchButtons(): Array<{ name: string; description: string }> {
    return this.ctx
      .relaunchButtons()
      .filter((b) => b.command in this.relaunchData)
      .map((b) => ({ name: b.name, description: this.relaunchData[b.command]! }));
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

  /**
   * What the node renders, on the page: its rotated bounds widened by its effects (typings: absoluteRenderBounds,
   * "the actual bounds of a node accounting for drop shadows, thick strokes, and anything else that may fall outside
   * the node's regular bounding box").
   */
  get absoluteRenderBounds(): { x: number; y: number; width: number; height: number } | null {
    const box = this.absoluteBoundingBox;
    if (!box) return null;
    let [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width, box.y + box.height];
    for (const e of this.effects) {
      const [dx, dy] = [e.offset?.x ?? 0, e.offset?.y ?? 0];
      [x0, y0, x1, y1] = [Math.min(x0, box.x + dx - e.radius), Math.min(y0, box.y + dy - e.radius), Math.max(x1, box.x + box.width + dx + e.radius), Math.max(y1, box.y + box.height + dy + e.radius)];
    }
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }

  /**
   * Figma renders the node's render bounds, sized by the constraint (ExportSettingsImage: SCALE, WIDTH or HEIGHT;
   * default `{ type: "SCALE", value: 1 }`). The fake draws a flat PNG: the node's own box in its first visible
   * solid fill (grey without one), then every visible descendant's page-aligned box in its own first solid fill
   * (text as its box), clipped to the node's box as a frame clips its content; what rotation and effects add
   * around it stays transparent. Opacity becomes alpha, without blending. PNG only; other formats are not
   * implemented. A removed node refuses, as Figma's does ("The node ... does not exist").
   */
  async exportAsync(settings?: { format?: string; constraint?: { type: string; value: number }; [k: string]: unknown }): Promise<Uint8Array> {
    this.assertWritable();
    const format = settings?.format ?? 'PNG';
    if (format !== 'PNG') throw new Error(`exportAsync format ${format} is not implemented by the fake`);
    const extra = Object.keys(settings ?? {}).filter((k) => !['format', 'constraint'].includes(k));
    if (extra.length > 0) throw new Error(`exportAsync settings ${extra.join(', ')} are not implemented by the fake`);
    const bounds = this.absoluteRenderBounds ?? { x: 0, y: 0, width: this.width, height: this.height };
    const c = settings?.constraint ?? { type: 'SCALE', value: 1 };
    if (!(c.value > 0) || !['SCALE', 'WIDTH', 'HEIGHT'].includes(c.type)) throw new Error('exportAsync: constraint must be SCALE, WIDTH or HEIGHT with a positive value');
    const scale = c.type === 'SCALE' ? c.value : c.type === 'WIDTH' ? c.value / bounds.width : c.value / bounds.height;
    const [w, h] = [Math.max(1, Math.round(bounds.width * scale)), Math.max(1, Math.round(bounds.height * scale))];
    const own = this.absoluteBoundingBox ?? bounds;
    const inset = { x: Math.round((own.x - bounds.x) * scale), y: Math.round((own.y - bounds.y) * scale), width: Math.round(own.width * scale), height: Math.round(own.height * scale) };
    const toExport = (box: { x: number; y: number; width: number; height: number }) => ({ x: (box.x - bounds.x) * scale, y: (box.y - bounds.y) * scale, width: box.width * scale, height: box.height * scale });
    const layers = this.findAll((n) => n.visible !== false && n.solidRgba() !== null).map((n) => ({ rect: toExport(n.absoluteBoundingBox!), rgba: n.solidRgba()! }));
    return layeredPng(w, h, [{ rect: inset, rgba: this.solidRgba() ?? [200, 200, 200, 255] }, ...layers], inset);
  }

  /** The node's first visible SOLID fill as 8-bit RGBA (its opacity as alpha), or null. */
  private solidRgba(): Rgba | null {
    const paint = (this._fills ?? []).find((p) => p.type === 'SOLID' && p.visible !== false);
    if (!paint) return null;
    const c = paint.color as { r: number; g: number; b: number };
    const byte = (v: number) => Math.round(v * 255);
    return [byte(c.r), byte(c.g), byte(c.b), byte((paint.opacity as number | undefined) ?? 1)];
  }

  /** What Figma's undo history keeps of the node (see UndoHistory in ./undo.ts). */
  undoState(): NodeUndoState {
    const copy = (m: Map<string, Map<string, string>>) => new Map([...m].map(([k, v]) => [k, new Map(v)]));
    return {
      name: this.name, x: this.x, y: this.y, width: this.width, height: this.height, rotation: this.rotation, locked: this.locked, visible: this.visible,
      characters: this.characters, removed: this.removed, parent: this.parent, children: [...this.children], fills: this._fills,
      pluginData: copy(this.pluginData), sharedData: copy(this.sharedData), relaunchData: { ...this.relaunchData }, effects: this.effects.map((e) => ({ ...e })),
    };
  }

  /** Puts the node back as it was (Figma's undo, which no plugin write check stops). */
  restoreUndoState(s: NodeUndoState): void {
    Object.assign(this, { name: s.name, x: s.x, y: s.y, width: s.width, height: s.height, rotation: s.rotation, locked: s.locked, visible: s.visible, removed: s.removed, parent: s.parent });
    this.text = s.characters;
    this.children.splice(0, this.children.length, ...s.children);
    this._fills = s.fills;
    for (const [mine, theirs] of [[this.pluginData, s.pluginData], [this.sharedData, s.sharedData]] as const) {
      mine.clear();
      for (const [k, v] of theirs) mine.set(k, new Map(v));
    }
    for (const k of Object.keys(this.relaunchData)) delete this.relaunchData[k];
    Object.assign(this.relaunchData, s.relaunchData);
    this.effects = s.effects.map((e) => ({ ...e }));
  }

  /**
   * Typings, clone(): "Duplicates the ... node. By default, the duplicate will be parented under `figma.currentPage`."
   * Its layers are duplicated with it, each with a new id; a removed node cannot be duplicated. Plugin data goes along
   * (a duplicate is a copy of the node's document state), so code that must not inherit a record has to clear it.
   */
  clone(): FakeNode {
    this.assertWritable();
    if (this.type === 'PAGE' || this.type === 'DOCUMENT') throw new Error(`clone of a ${this.type.toLowerCase()} is not implemented by the fake`);
    const copy = this.duplicate();
    this.ctx.currentPage().appendChild(copy);
    return copy;
  }

  private duplicate(): FakeNode {
    const copy = new FakeNode(this.type, { ...this.shape, ...(this.type === 'VECTOR' ? { vectorPaths: this.vectorPaths } : {}) }, this.ctx);
    copy.restoreUndoState({ ...this.undoState(), removed: false, parent: null, children: [] });
    for (const child of this.children) copy.appendChild(child.duplicate());
    this.ctx.adopt(copy);
    return copy;
  }

  /** TEXT nodes' font (the fake has no mixed fonts). */
  declare fontName: FakeFontName;
  private text = '';
  /**
   * Text nodes' content. Typings, TextNode.characters: "Setting this property requires the font the be loaded"
   * (figma.loadFontAsync); Figma refuses the write otherwise.
   */
  get characters(): string {
    return this.text;
  }
  set characters(value: string) {
    if (this.type === 'TEXT') {
      this.assertWritable();
      const f = this.fontName;
      if (!this.ctx.fontLoaded(f)) throw new Error(`Cannot write to node with unloaded font "${f.family} ${f.style}". Please call figma.loadFontAsync({ family: "${f.family}", style: "${f.style}" }) and await the returned promise first.`);
    }
    this.text = value;
  }
  visible = true;

  /**
   * Figma's fast search over descendants, in document order (typings, FindAllCriteria): by `types`, by `pluginData`
   * ("nodes that have PluginData stored for your plugin", on one of `keys` when given: the running plugin's own
   * data only) and by `sharedPluginData` (nodes with data on the namespace, or on one of `keys` when given); a node
   * matches every criterion given. A criterion the fake does not implement throws rather than matching everything.
   */
  findAllWithCriteria(criteria: { types?: string[]; pluginData?: { keys?: string[] }; sharedPluginData?: { namespace: string; keys?: string[] } }): FakeNode[] {
    const unknown = Object.keys(criteria).filter((k) => k !== 'types' && k !== 'pluginData' && k !== 'sharedPluginData');
    if (unknown.length > 0) throw new Error(`findAllWithCriteria: ${unknown.join(', ')} is not implemented by the fake`);
    const shared = criteria.sharedPluginData;
    if (shared) FakeNode.checkNamespace(shared.namespace);
    const has = (keys: Map<string, string> | undefined, wanted: string[] | undefined) => !!keys && keys.size > 0 && (!wanted || wanted.some((k) => keys.has(k)));
    const own = criteria.pluginData;
    return this.findAll(
      (n) =>
        (!criteria.types || criteria.types.includes(n.type)) &&
        (!own || has(n.pluginData.get(n.ctx.pluginId()), own.keys)) &&
        (!shared || has(n.sharedData.get(shared.namespace), shared.keys)),
    );
  }

  /** Typings, PageNode.loadAsync: "Loads the contents of the page node"; the fake holds every page in memory. */
  async loadAsync(): Promise<void> {
    if (this.type !== 'PAGE') throw new Error('loadAsync is a method of PageNode');
  }

  /** Every descendant, depth first. */
  findAll(predicate: (n: FakeNode) => boolean = () => true): FakeNode[] {
    return this.children.flatMap((c) => [...(predicate(c) ? [c] : []), ...c.findAll(predicate)]);
  }
}

/**
 * Shape geometry as Figma reports it in `fillGeometry`: SVG path data in the node's own coordinates, absolute
 * commands joined by single spaces. Rectangles without corner radius, ellipses as four cubic arcs, regular polygons
 * and stars stretched to fill their box (top vertex first, as Figma draws them), vectors from their own paths.
 */

export interface FakeVectorPath {
  windingRule: 'NONZERO' | 'EVENODD' | 'NONE';
  data: string;
}

export interface ShapeProps {
  /** POLYGON and STAR: number of corners or points (Figma's defaults: 3 and 5). */
  pointCount?: number;
  /** STAR: inner radius as a fraction of the outer (Figma's default 0.38). */
  innerRadius?: number;
  /** VECTOR: its paths. */
  vectorPaths?: FakeVectorPath[];
}

/** Figma's number formatting in path data: no trailing zeros, no exponent for ordinary sizes. */
const n = (v: number) => String(Math.round(v * 1e4) / 1e4);
const moveLine = (points: Array<[number, number]>) =>
  `${points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'} ${n(x)} ${n(y)}`).join(' ')} L ${n(points[0]![0])} ${n(points[0]![1])} Z`;

/** Points on a ray from the top, alternating radii, scaled so that their bounding box is the node's box. */
export function radialPoints(count: number, radii: number[], width: number, height: number): Array<[number, number]> {
  const total = count * radii.length;
  const unit = Array.from({ length: total }, (_, i): [number, number] => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / total;
    const r = radii[i % radii.length]!;
    return [r * Math.cos(angle), r * Math.sin(angle)];
  });
  const xs = unit.map(([x]) => x);
  const ys = unit.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return unit.map(([x, y]) => [((x - minX) / (maxX - minX)) * width, ((y - minY) / (maxY - minY)) * height]);
}

/** Four cubic Béziers approximating the ellipse inscribed in the box (Figma's own construction). */
function ellipsePath(w: number, h: number): string {
  const k = 0.5522847498;
  const [rx, ry, cx, cy] = [w / 2, h / 2, w / 2, h / 2];
  const c = (x1: number, y1: number, x2: number, y2: number, x: number, y: number) => `C ${n(x1)} ${n(y1)} ${n(x2)} ${n(y2)} ${n(x)} ${n(y)}`;
  return [
    `M ${n(w)} ${n(cy)}`,
    c(w, cy + k * ry, cx + k * rx, h, cx, h),
    c(cx - k * rx, h, 0, cy + k * ry, 0, cy),
    c(0, cy - k * ry, cx - k * rx, 0, cx, 0),
    c(cx + k * rx, 0, w, cy - k * ry, w, cy),
    'Z',
  ].join(' ');
}

/** The paths Figma fills for a node of this type and size; none for a line or a shape without fills. */
export function fillGeometryOf(type: string, width: number, height: number, props: ShapeProps, hasFills: boolean): FakeVectorPath[] {
  if (!hasFills) return [];
  switch (type) {
    case 'RECTANGLE':
    case 'FRAME':
      return [{ windingRule: 'NONZERO', data: moveLine([[0, 0], [width, 0], [width, height], [0, height]]) }];
    case 'ELLIPSE':
      return [{ windingRule: 'NONZERO', data: ellipsePath(width, height) }];
    case 'POLYGON':
      return [{ windingRule: 'NONZERO', data: moveLine(radialPoints(props.pointCount ?? 3, [1], width, height)) }];
    case 'STAR':
      return [{ windingRule: 'NONZERO', data: moveLine(radialPoints(props.pointCount ?? 5, [1, props.innerRadius ?? 0.38], width, height)) }];
    case 'VECTOR':
      return (props.vectorPaths ?? []).filter((p) => p.windingRule !== 'NONE');
    default:
      return [];
  }
}

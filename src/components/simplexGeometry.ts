/**
 * The probability simplex of three actions drawn as an equilateral triangle: the policy
 * π = (π1, π2, π3) sits at the point Σ πi·vi of the vertices vi (barycentric coordinates), so a
 * pure policy is a vertex, the uniform policy the centroid, and π_i = 0 the edge opposite vi.
 */

export type Point = readonly [number, number];
export type Triangle = readonly [Point, Point, Point];

/**
 * Vertices of an equilateral triangle of the given side in SVG coordinates (y grows downwards):
 * action 1 bottom left, action 2 bottom right, action 3 at the top.
 */
export function simplexTriangle(side: number, left = 0, top = 0): Triangle {
  if (!(side > 0) || !Number.isFinite(side))
    throw new Error(`simplex side must be a positive number (got ${side})`);
  const height = (side * Math.sqrt(3)) / 2;
  return [
    [left, top + height],
    [left + side, top + height],
    [left + side / 2, top],
  ];
}

/**
 * The 2-D point of the distribution p[offset .. offset + 3) on the triangle. p is normalised by
 * its sum (float32 tables sum to 1 only up to rounding); null when p has a negative or
 * non-finite entry or sums to 0, so a missing policy draws nothing rather than a wrong point.
 */
export function simplexPoint(p: ArrayLike<number>, triangle: Triangle, offset = 0): Point | null {
  const p1 = p[offset];
  const p2 = p[offset + 1];
  const p3 = p[offset + 2];
  if (![p1, p2, p3].every((v) => Number.isFinite(v) && v >= 0)) return null;
  const sum = p1 + p2 + p3;
  if (!(sum > 0)) return null;
  const [a, b, c] = triangle;
  return [(p1 * a[0] + p2 * b[0] + p3 * c[0]) / sum, (p1 * a[1] + p2 * b[1] + p3 * c[1]) / sum];
}

/**
 * The barycentric coordinates (π1, π2, π3) of a 2-D point (inverse of simplexPoint): what
 * distribution the pointer is over. Outside the triangle some coordinate is negative.
 */
export function barycentric(point: Point, triangle: Triangle): [number, number, number] {
  const [[x1, y1], [x2, y2], [x3, y3]] = triangle;
  const [x, y] = point;
  // Cramer's rule on p1·v1 + p2·v2 + p3·v3 = point with p1 + p2 + p3 = 1.
  const det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3);
  const p1 = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / det;
  const p2 = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / det;
  return [p1, p2, 1 - p1 - p2];
}

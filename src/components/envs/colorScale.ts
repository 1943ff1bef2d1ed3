/**
 * Colour scales of the env views. Colour-blind safe (Okabe & Ito's blue and vermillion, the
 * palette of ../colors.ts) and never the only cue: numbers and letters are drawn as well.
 */

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
/** Okabe-Ito blue #0072B2: positive values. */
export const POSITIVE: Rgb = [0, 114, 178];
/** Okabe-Ito vermillion #D55E00: negative values. */
export const NEGATIVE: Rgb = [213, 94, 0];

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const u = Math.min(1, Math.max(0, t));
  return [
    Math.round(a[0] + (b[0] - a[0]) * u),
    Math.round(a[1] + (b[1] - a[1]) * u),
    Math.round(a[2] + (b[2] - a[2]) * u),
  ];
}

export function rgbCss(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Range of the finite values at the included indices (all when `include` is omitted). Always
 * contains 0, so white always means "zero" and the sign reads off the hue. {0, 0} when empty.
 */
export function valueRange(
  values: ArrayLike<number>,
  include?: (index: number) => boolean,
): ValueRange {
  let min = 0;
  let max = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v) || (include && !include(k))) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Diverging scale centred on 0: white at 0, blue at the largest |value| if positive, vermillion if
 * negative. Both sides share one magnitude scale (the larger of |min| and max), so equal colours
 * mean equal magnitudes; a missing value (NaN) is light grey.
 */
export function valueColor(v: number, range: ValueRange): Rgb {
  if (!Number.isFinite(v)) return [230, 230, 230];
  const scale = Math.max(Math.abs(range.min), Math.abs(range.max));
  if (scale === 0) return WHITE;
  return v >= 0 ? mix(WHITE, POSITIVE, v / scale) : mix(WHITE, NEGATIVE, -v / scale);
}

/** Stops of the legend gradient (offset in [0, 1] from min to max) matching valueColor. */
export function legendStops(range: ValueRange): { offset: number; color: string }[] {
  const span = range.max - range.min;
  if (span === 0) return [{ offset: 0, color: rgbCss(WHITE) }];
  const stops = [range.min, 0, range.max].filter((v, k, xs) => xs.indexOf(v) === k);
  return stops.map((v) => ({
    offset: (v - range.min) / span,
    color: rgbCss(valueColor(v, range)),
  }));
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(c: Rgb): number {
  const lin = c.map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** Black or white, whichever contrasts more with the background (for numbers on a heatmap). */
export function textColorOn(bg: Rgb): string {
  const l = luminance(bg);
  // Contrast ratios against white (1.0) and near-black (#1a1a1a, luminance ~0.0103).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0603 ? '#ffffff' : '#1a1a1a';
}

/** Short number for a cell: 2 significant decimals near 0, fewer for large magnitudes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export interface TileStyle {
  readonly background: string;
  readonly color: string;
  /** Font size as a fraction of the tile side (the original: 55px / 45px / 35px / 30px of 107px). */
  readonly fontScale: number;
}

/**
 * Tile colours of the original game (gabrielecirulli/2048, style/main.scss): tile-color and
 * the text colours; tiles above 2048 use the "super" style.
 */
const TILE_BACKGROUNDS = [
  'rgba(238, 228, 218, 0.35)', // empty cell
  '#eee4da', // 2
  '#ede0c8', // 4
  '#f2b179', // 8
  '#f59563', // 16
  '#f67c5f', // 32
  '#f65e3b', // 64
  '#edcf72', // 128
  '#edcc61', // 256
  '#edc850', // 512
  '#edc53f', // 1024
  '#edc22e', // 2048
];
export const BOARD_BACKGROUND = '#bbada0';
const DARK_TEXT = '#776e65';
const LIGHT_TEXT = '#f9f6f2';

export function tileStyle(exponent: number): TileStyle {
  if (exponent <= 0) return { background: TILE_BACKGROUNDS[0], color: DARK_TEXT, fontScale: 0.5 };
  const background = exponent < TILE_BACKGROUNDS.length ? TILE_BACKGROUNDS[exponent] : '#3c3a32';
  const color = exponent <= 2 ? DARK_TEXT : LIGHT_TEXT;
  const fontScale = exponent <= 6 ? 0.5 : exponent <= 9 ? 0.42 : exponent <= 13 ? 0.33 : 0.27;
  return { background, color, fontScale };
}

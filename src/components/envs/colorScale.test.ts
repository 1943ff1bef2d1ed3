import { describe, expect, it } from 'vitest';
import {
  formatValue,
  legendStops,
  NEGATIVE,
  POSITIVE,
  textColorOn,
  tileStyle,
  valueColor,
  valueRange,
} from './colorScale';

describe('value heatmap scale', () => {
  it('range always contains 0 and skips excluded or non-finite entries', () => {
    expect(valueRange([0.2, 0.5, NaN])).toEqual({ min: 0, max: 0.5 });
    expect(valueRange([-3, 2, 100], (k) => k < 2)).toEqual({ min: -3, max: 2 });
    expect(valueRange([])).toEqual({ min: 0, max: 0 });
  });

  it('is white at 0, blue at the positive end, vermillion at the negative end', () => {
    const range = { min: -2, max: 1 };
    expect(valueColor(0, range)).toEqual([255, 255, 255]);
    expect(valueColor(-2, range)).toEqual(NEGATIVE);
    // One magnitude scale for both signs: +1 is half as saturated as -2.
    expect(valueColor(1, range)).toEqual([128, 185, 217]);
    expect(valueColor(2, { min: 0, max: 2 })).toEqual(POSITIVE);
    expect(valueColor(NaN, range)).toEqual([230, 230, 230]);
    expect(valueColor(5, { min: 0, max: 0 })).toEqual([255, 255, 255]);
  });

  it('legend stops run from min through 0 to max', () => {
    const stops = legendStops({ min: -1, max: 3 });
    expect(stops.map((s) => s.offset)).toEqual([0, 0.25, 1]);
    expect(stops[1].color).toBe('rgb(255, 255, 255)');
    expect(legendStops({ min: 0, max: 1 })).toHaveLength(2);
  });

  it('text is dark on light cells and white on saturated ones', () => {
    expect(textColorOn([255, 255, 255])).toBe('#1a1a1a');
    expect(textColorOn(POSITIVE)).toBe('#ffffff');
    expect(textColorOn([0, 0, 0])).toBe('#ffffff');
  });

  it('formats numbers compactly', () => {
    expect(formatValue(0.7412)).toBe('0.74');
    expect(formatValue(-13.26)).toBe('-13.3');
    expect(formatValue(-100)).toBe('-100');
    expect(formatValue(NaN)).toBe('–');
  });
});

describe('2048 tiles', () => {
  it('use the original game colours', () => {
    expect(tileStyle(1)).toMatchObject({ background: '#eee4da', color: '#776e65' });
    expect(tileStyle(3)).toMatchObject({ background: '#f2b179', color: '#f9f6f2' });
    expect(tileStyle(11).background).toBe('#edc22e');
    expect(tileStyle(12).background).toBe('#3c3a32');
  });

  it('shrink the font for long numbers', () => {
    expect(tileStyle(4).fontScale).toBeGreaterThan(tileStyle(7).fontScale);
    expect(tileStyle(7).fontScale).toBeGreaterThan(tileStyle(10).fontScale);
    expect(tileStyle(10).fontScale).toBeGreaterThan(tileStyle(14).fontScale);
  });
});

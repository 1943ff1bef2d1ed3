import { describe, expect, it } from 'vitest';
import { parseHiddenLayers } from './hiddenLayers';

describe('parseHiddenLayers', () => {
  it('reads comma- or space-separated widths; empty means no hidden layer', () => {
    expect(parseHiddenLayers('64, 64')).toEqual({ values: [64, 64] });
    expect(parseHiddenLayers(' 32 16 ')).toEqual({ values: [32, 16] });
    expect(parseHiddenLayers('')).toEqual({ values: [] });
  });

  it('names the layer and the value that is wrong, and what is allowed', () => {
    expect(parseHiddenLayers('64, abc')).toEqual({
      error: 'Hidden layer 2: "abc" is not a whole number of units from 1 to 1024',
    });
    expect(parseHiddenLayers('0')).toEqual({
      error: 'Hidden layer 1: "0" is not a whole number of units from 1 to 1024',
    });
    expect(parseHiddenLayers('12.5')).toHaveProperty('error');
    expect(parseHiddenLayers('2048')).toHaveProperty('error');
    expect(parseHiddenLayers('1 2 3 4 5')).toEqual({
      error: 'Hidden layers: at most 4 layers, got 5',
    });
  });
});

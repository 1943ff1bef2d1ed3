import { describe, expect, it } from 'vitest';
import { parsePageParams } from './urlParams';

describe('parsePageParams', () => {
  it('defaults to auto', () => {
    expect(parsePageParams('')).toEqual({ backend: 'auto', notices: [] });
  });
  it('reads a known backend', () => {
    expect(parsePageParams('?backend=wasm').backend).toBe('wasm');
  });
  it('names an unknown backend and the fallback', () => {
    const p = parsePageParams('?backend=quantum');
    expect(p.backend).toBe('auto');
    expect(p.notices[0]).toContain('Unknown backend "quantum"');
    expect(p.notices[0]).toContain('Using auto');
  });
  it('names unknown parameters', () => {
    expect(parsePageParams('?foo=1&backend=cpu').notices[0]).toContain('"foo"');
  });
});

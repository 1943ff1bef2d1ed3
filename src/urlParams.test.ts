import { describe, expect, it } from 'vitest';
import { parsePageParams } from './urlParams';

describe('parsePageParams', () => {
  it('defaults to auto', () => {
    expect(parsePageParams('')).toEqual({ backend: 'auto', workers: null, notices: [] });
  });
  it('reads a number of training workers', () => {
    expect(parsePageParams('?workers=3').workers).toBe(3);
  });
  it.each(['0', '17', '2.5', 'two', ''])('names a bad ?workers=%s and the fallback', (value) => {
    const p = parsePageParams(`?workers=${value}`);
    expect(p.workers).toBeNull();
    expect(p.notices).toEqual([
      `Bad ?workers=${value}: allowed a whole number from 1 to 16. Using one per core.`,
    ]);
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

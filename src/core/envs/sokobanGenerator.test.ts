import { describe, expect, it } from 'vitest';
import {
  BOX,
  SokobanEnv,
  TARGET,
  WALL,
  levelToText,
  parseSokobanLevel,
  parseSokobanLevelOrThrow,
} from './sokoban';
import type { SokobanLevel } from './sokoban';
import { generateSokobanLevel, generateSokobanLevels } from './sokobanGenerator';
import { SOKOBAN_TEACHING_LEVELS } from './sokobanLevels';

/**
 * Breadth-first search over (player cell, box cells), one player move per edge, written from the
 * rules (not from the env) so it independently proves a level solvable. Returns a shortest
 * action sequence (0 Up, 1 Right, 2 Down, 3 Left) or null if none exists within maxStates.
 */
function solve(level: SokobanLevel, maxStates = 2_000_000): number[] | null {
  const W = level.width;
  const delta = [-W, 1, W, -1];
  const isWall = (k: number): boolean => (level.cells[k] & WALL) !== 0;
  const isTarget = (k: number): boolean => (level.cells[k] & TARGET) !== 0;
  const startBoxes: number[] = [];
  for (let k = 0; k < level.cells.length; k++) if (level.cells[k] & BOX) startBoxes.push(k);
  const key = (player: number, boxes: number[]): string => `${player}:${boxes.join(',')}`;
  const start = key(level.player, startBoxes);
  const parent = new Map<string, { prev: string; action: number } | null>([[start, null]]);
  let frontier: [number, number[]][] = [[level.player, startBoxes]];
  while (frontier.length && parent.size < maxStates) {
    const next: [number, number[]][] = [];
    for (const [player, boxes] of frontier) {
      const here = key(player, boxes);
      for (let a = 0; a < 4; a++) {
        const t = player + delta[a];
        if (isWall(t)) continue;
        let nb = boxes;
        const bi = boxes.indexOf(t);
        if (bi >= 0) {
          const b = t + delta[a];
          if (isWall(b) || boxes.includes(b)) continue; // no push into walls, no chain pushes
          nb = boxes.slice();
          nb[bi] = b;
          nb.sort((x, y) => x - y);
        }
        const k = key(t, nb);
        if (parent.has(k)) continue;
        parent.set(k, { prev: here, action: a });
        if (nb.every(isTarget)) {
          const path: number[] = [];
          for (let s = parent.get(k); s; s = parent.get(s.prev)) path.unshift(s.action);
          return path;
        }
        next.push([t, nb]);
      }
    }
    frontier = next;
  }
  return null;
}

/** Play `actions` in the env and report whether the level ended solved. */
function replaySolves(level: SokobanLevel, actions: number[]): boolean {
  const env = new SokobanEnv({ levels: [level], maxSteps: actions.length + 1 }, 1);
  const a = new Int32Array(1);
  for (const m of actions) {
    a[0] = m;
    env.step(a);
  }
  return env.success[0] === 1 && env.terminated[0] === 1;
}

describe('Sokoban generator (reverse play)', () => {
  const sizes = [
    { width: 6, height: 6, boxes: 1 },
    { width: 6, height: 6, boxes: 2 },
    { width: 7, height: 7, boxes: 1 },
    { width: 7, height: 7, boxes: 2 },
  ];
  for (const size of sizes) {
    it(`every ${size.width}x${size.height} level with ${size.boxes} box(es) is solvable (40 seeds, BFS)`, () => {
      for (let seed = 0; seed < 40; seed++) {
        const level = generateSokobanLevel({ ...size, seed });
        const text = levelToText(level);
        // A valid level by the parser's rules, not already solved, and solvable.
        expect(parseSokobanLevel(text).ok, text).toBe(true);
        expect(level.numBoxes).toBe(size.boxes);
        const solution = solve(level);
        expect(solution, `seed ${seed}\n${text}`).not.toBeNull();
        expect((solution as number[]).length).toBeGreaterThan(0);
        expect(replaySolves(level, solution as number[]), text).toBe(true);
      }
    });
  }

  it('is deterministic in its parameters and varies with the seed', () => {
    const p = { width: 8, height: 8, boxes: 2 };
    const a = levelToText(generateSokobanLevel({ ...p, seed: 3 }));
    expect(levelToText(generateSokobanLevel({ ...p, seed: 3 }))).toBe(a);
    const texts = new Set(generateSokobanLevels(p, 10).map(levelToText));
    expect(texts.size).toBe(10);
  });

  it('makes Boxoban-sized levels (10x10, 4 boxes) that parse', () => {
    for (let seed = 0; seed < 5; seed++) {
      const level = generateSokobanLevel({ width: 10, height: 10, boxes: 4, seed });
      expect(parseSokobanLevel(levelToText(level)).ok).toBe(true);
      expect(level.numBoxes).toBe(4);
    }
  });

  it('rejects impossible parameters', () => {
    expect(() => generateSokobanLevel({ width: 4, height: 6, boxes: 1, seed: 0 })).toThrow(/width/);
    expect(() => generateSokobanLevel({ width: 5, height: 5, boxes: 3, seed: 0 })).toThrow(/boxes/);
  });
});

describe('Hand-written teaching levels', () => {
  for (const l of SOKOBAN_TEACHING_LEVELS) {
    it(`'${l.name}' is solvable (BFS) and the env agrees`, () => {
      const level = parseSokobanLevelOrThrow(l.text);
      const solution = solve(level);
      expect(solution).not.toBeNull();
      expect((solution as number[]).length).toBeLessThanOrEqual(120);
      expect(replaySolves(level, solution as number[])).toBe(true);
    });
  }
});

/**
 * Sokoban level text (the standard characters) to a grid of tiles for SokobanBoard. Spaces that
 * touch the border through other non-wall cells are outside the walls (Microban levels are not
 * rectangles) and are drawn as background, not floor.
 */
export type SokobanTile =
  'outside' | 'wall' | 'floor' | 'target' | 'box' | 'boxOnTarget' | 'player' | 'playerOnTarget';

const TILE_OF_CHAR: Record<string, SokobanTile> = {
  '#': 'wall',
  '@': 'player',
  '+': 'playerOnTarget',
  $: 'box',
  '*': 'boxOnTarget',
  '.': 'target',
  ' ': 'floor',
  '-': 'floor',
  _: 'floor',
};

export interface SokobanTiles {
  readonly width: number;
  readonly height: number;
  /** [height * width] row-major. */
  readonly tiles: SokobanTile[];
  readonly boxes: number;
  readonly boxesOnTarget: number;
}

export function sokobanTiles(text: string): SokobanTiles {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const height = lines.length;
  const width = Math.max(0, ...lines.map((l) => l.length));
  const tiles: SokobanTile[] = [];
  let boxes = 0;
  let boxesOnTarget = 0;
  for (const line of lines)
    for (let c = 0; c < width; c++) {
      // Ragged rows are padded with floor, which the flood fill below turns into outside.
      const t = TILE_OF_CHAR[line[c] ?? ' '] ?? 'floor';
      if (t === 'box' || t === 'boxOnTarget') boxes++;
      if (t === 'boxOnTarget') boxesOnTarget++;
      tiles.push(t);
    }
  // Flood fill plain floor from the border: what it reaches is outside the walls.
  const stack: number[] = [];
  for (let k = 0; k < tiles.length; k++) {
    const r = Math.floor(k / width);
    const c = k % width;
    const border = r === 0 || c === 0 || r === height - 1 || c === width - 1;
    if (border && tiles[k] === 'floor') {
      tiles[k] = 'outside';
      stack.push(k);
    }
  }
  while (stack.length) {
    const k = stack.pop() as number;
    const r = Math.floor(k / width);
    const c = k % width;
    const neighbours = [
      r > 0 ? k - width : -1,
      r < height - 1 ? k + width : -1,
      c > 0 ? k - 1 : -1,
      c < width - 1 ? k + 1 : -1,
    ];
    for (const n of neighbours)
      if (n >= 0 && tiles[n] === 'floor') {
        tiles[n] = 'outside';
        stack.push(n);
      }
  }
  return { width, height, tiles, boxes, boxesOnTarget };
}

export const SOKOBAN_TILE_NAMES: Record<SokobanTile, string> = {
  outside: 'outside',
  wall: 'wall',
  floor: 'floor',
  target: 'target',
  box: 'box',
  boxOnTarget: 'box on target',
  player: 'player',
  playerOnTarget: 'player on target',
};

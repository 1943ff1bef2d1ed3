/**
 * Hand-written Sokoban teaching levels, easiest first, in the standard characters (`#` wall,
 * `@` player, `+` player on target, `$` box, `*` box on target, `.` target, space floor).
 * Each teaches one thing; all are small enough for a policy to solve within the 120-step limit.
 * "Microban 1" is the first level of David W. Skinner's Microban set (1995), which he allows to be
 * freely distributed with credit; the others are written for this project.
 * Every level is proven solvable by the BFS solver in sokobanGenerator.test.ts.
 */
export interface TeachingLevel {
  readonly name: string;
  /** What the level shows a learner. */
  readonly lesson: string;
  readonly text: string;
}

export const SOKOBAN_TEACHING_LEVELS: readonly TeachingLevel[] = [
  {
    name: 'One push',
    lesson: 'Walk to the box and push it onto the target: +1, then +10 for finishing.',
    text: ['#######', '#@ $ .#', '#######'].join('\n'),
  },
  {
    name: 'Around the corner',
    lesson: 'Boxes only move when pushed: get behind the box before each change of direction.',
    text: ['######', '#@   #', '# $  #', '#    #', '#  . #', '######'].join('\n'),
  },
  {
    name: 'Two boxes',
    lesson: 'Two targets, two boxes; the order of the pushes matters.',
    text: ['#######', '#     #', '# $$  #', '#@  ..#', '#     #', '#######'].join('\n'),
  },
  {
    name: 'Already home',
    lesson: 'One box starts on a target; pushing it off costs -1. Start on a target yourself (+).',
    text: ['#######', '#+ $  #', '# #*# #', '#     #', '#######'].join('\n'),
  },
  {
    name: 'Walls are forever',
    lesson: 'A box pushed against a wall can only slide along it; a box in a corner is lost.',
    text: ['########', '#   #  #', '# $ $  #', '#  @ ..#', '########'].join('\n'),
  },
  {
    name: 'Microban 1',
    lesson: 'A classic first puzzle (David W. Skinner, Microban).',
    text: ['####  ', '# .#  ', '#  ###', '#*@  #', '#  $ #', '#  ###', '####  '].join('\n'),
  },
];

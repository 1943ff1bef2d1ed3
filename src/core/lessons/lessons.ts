import type { Lesson } from './lesson';
import { baselinesLesson } from './baselines';
import { entropyCollapseLesson } from './entropyCollapse';
import { learningCliffLesson } from './learningCliff';
import { clippingLesson } from './clipping';
import { geometryLesson } from './geometry';
import { negativeReinforcementLesson } from './negativeReinforcement';
import { greedyBaseline2048Lesson } from './greedyBaseline2048';
import { mcCriticSokobanLesson } from './mcCriticSokoban';

export type { Lesson } from './lesson';

/** The gallery, in the order a course meets the ideas. */
export const LESSONS: readonly Lesson[] = [
  baselinesLesson,
  entropyCollapseLesson,
  learningCliffLesson,
  clippingLesson,
  negativeReinforcementLesson,
  geometryLesson,
  // Baselines in the games: the 2048 lesson, then Sokoban.
  greedyBaseline2048Lesson,
  mcCriticSokobanLesson,
];

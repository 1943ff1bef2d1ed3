import type { Lesson } from './lesson';
import { baselinesLesson } from './baselines';
import { entropyCollapseLesson } from './entropyCollapse';
import { learningCliffLesson } from './learningCliff';
import { clippingLesson } from './clipping';
import { geometryLesson } from './geometry';
import { multiRewardCollapseLesson } from './multiRewardCollapse';
import { stdNormalisationLesson } from './stdNormalisation';
import { negativeReinforcementLesson } from './negativeReinforcement';
import { greedyBaseline2048Lesson } from './greedyBaseline2048';
import { mcCriticSokobanLesson } from './mcCriticSokoban';
import { parallelEnvsLesson } from './parallelEnvs';

export type { Lesson } from './lesson';

/** The gallery, in the order of the course (issue 8's list: lessons 1 to 10). */
export const LESSONS: readonly Lesson[] = [
  baselinesLesson,
  entropyCollapseLesson,
  learningCliffLesson,
  stdNormalisationLesson,
  negativeReinforcementLesson,
  clippingLesson,
  parallelEnvsLesson,
  geometryLesson,
  multiRewardCollapseLesson,
  // Greedy and Monte-Carlo baselines in the games: 2048 (ReMax), then Sokoban (MC critic).
  greedyBaseline2048Lesson,
  mcCriticSokobanLesson,
];

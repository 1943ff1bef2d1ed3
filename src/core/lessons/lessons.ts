import type { Lesson } from './lesson';
import { baselinesLesson } from './baselines';
import { entropyCollapseLesson } from './entropyCollapse';
import { learningCliffLesson } from './learningCliff';
import { clippingLesson } from './clipping';
import { geometryLesson } from './geometry';
import { multiRewardCollapseLesson } from './multiRewardCollapse';
import { stdNormalisationLesson } from './stdNormalisation';

export type { Lesson } from './lesson';

/** The gallery, in the order a course meets the ideas. */
export const LESSONS: readonly Lesson[] = [
  baselinesLesson,
  entropyCollapseLesson,
  learningCliffLesson,
  stdNormalisationLesson,
  clippingLesson,
  geometryLesson,
  // Gallery position 9 (issue 8), after the lessons still to come between geometry and it.
  multiRewardCollapseLesson,
];

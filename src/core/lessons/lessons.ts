import type { Lesson } from './lesson';
import { baselinesLesson } from './baselines';
import { entropyCollapseLesson } from './entropyCollapse';
import { learningCliffLesson } from './learningCliff';
import { clippingLesson } from './clipping';
import { geometryLesson } from './geometry';
import { parallelEnvsLesson } from './parallelEnvs';

export type { Lesson } from './lesson';

/** The gallery, in the order a course meets the ideas. */
export const LESSONS: readonly Lesson[] = [
  baselinesLesson,
  entropyCollapseLesson,
  learningCliffLesson,
  clippingLesson,
  parallelEnvsLesson,
  geometryLesson,
];

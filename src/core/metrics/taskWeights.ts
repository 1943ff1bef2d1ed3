/**
 * How much weight each task gets in an update: per task, the mean |A| over its steps and its
 * success rate (mean episode return) in that update. On binary-reward tasks this is where the
 * group normalisation shows: a group with success fraction p has mean |A| = 2 p(1-p) around the
 * group mean (Dr. GRPO, no std), and 2 p(1-p) / std = 2 sqrt(p(1-p)) after dividing by the
 * population std (GRPO), which lifts nearly-solved and nearly-hopeless tasks relative to
 * middling ones (Liu et al. 2025, "Understanding R1-Zero-Like Training": the question-level
 * difficulty bias that Dr. GRPO removes).
 */

export interface TaskWeights {
  /** Task ids seen in the update, increasing. */
  readonly tasks: Int32Array;
  /** [tasks] episodes of the task in the update. */
  readonly episodes: Uint32Array;
  /** [tasks] mean return of the task's episodes (the success rate for 0/1 rewards). */
  readonly successRate: Float64Array;
  /** [tasks] mean |A| over the task's existing steps. */
  readonly meanAbsAdvantage: Float64Array;
}

/**
 * Per-task mean |A| and mean return of one batch (layout of estimators/batch.ts: episode e's
 * step t at e * T + t, mask 1 where the step exists). Tasks with no episode in the batch are left
 * out; when more than `maxTasks` tasks are seen, only the `maxTasks` smallest ids are kept, so
 * what is reported stays small whatever the suite's size.
 */
export function taskWeights(
  taskIds: ArrayLike<number>,
  rewards: ArrayLike<number>,
  advantages: ArrayLike<number>,
  mask: ArrayLike<number>,
  maxSteps: number,
  maxTasks = Infinity,
): TaskWeights {
  const E = taskIds.length;
  const T = maxSteps;
  if (rewards.length !== E * T || advantages.length !== E * T || mask.length !== E * T)
    throw new Error(
      `taskWeights: rewards, advantages and mask must have ${E} episodes x ${T} steps = ${E * T} entries, got ${rewards.length}, ${advantages.length}, ${mask.length}`,
    );
  const byTask = new Map<number, { episodes: number; ret: number; absA: number; steps: number }>();
  for (let e = 0; e < E; e++) {
    const k = taskIds[e];
    const acc = byTask.get(k) ?? { episodes: 0, ret: 0, absA: 0, steps: 0 };
    acc.episodes += 1;
    for (let t = 0; t < T; t++) {
      const i = e * T + t;
      if (!mask[i]) continue;
      acc.ret += rewards[i];
      acc.absA += Math.abs(advantages[i]);
      acc.steps += 1;
    }
    byTask.set(k, acc);
  }
  const ids = [...byTask.keys()].sort((a, b) => a - b).slice(0, maxTasks);
  const n = ids.length;
  const out = {
    tasks: Int32Array.from(ids),
    episodes: new Uint32Array(n),
    successRate: new Float64Array(n),
    meanAbsAdvantage: new Float64Array(n),
  };
  ids.forEach((k, j) => {
    const acc = byTask.get(k) as { episodes: number; ret: number; absA: number; steps: number };
    out.episodes[j] = acc.episodes;
    out.successRate[j] = acc.ret / acc.episodes;
    out.meanAbsAdvantage[j] = acc.steps ? acc.absA / acc.steps : NaN;
  });
  return out;
}

/**
 * Mean |A| of a group of 0/1 rewards with success fraction p, centred on the group mean:
 * p G members sit at 1 - p and (1 - p) G at -p, so mean |A| = 2 p (1 - p).
 * - 'none' (Dr. GRPO): 2 p(1-p).
 * - 'std' (GRPO): divided by the group std with `ddof` (TRL: 1; population: 0), whose square is
 *   p(1-p) G / (G - ddof): 2 sqrt(p(1-p) (G - ddof) / G), i.e. 2 sqrt(p(1-p)) for ddof 0.
 *   0 for p in {0, 1} (all rewards equal: A = 0, whatever the eps). The estimators' eps (1e-4)
 *   is left out: it changes the value by less than 1e-3 relative for p(1-p) >= 0.01.
 */
export function groupMeanAbsAdvantage(
  p: number,
  normalisation: 'none' | 'std',
  groupSize = Infinity,
  ddof = 0,
): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`groupMeanAbsAdvantage: p must be in [0, 1], got ${p}`);
  const v = p * (1 - p);
  if (normalisation === 'none') return 2 * v;
  if (!(groupSize > ddof))
    throw new Error(
      `groupMeanAbsAdvantage: groupSize (${groupSize}) must exceed ddof (${ddof}) for a std`,
    );
  const shrink = Number.isFinite(groupSize) ? (groupSize - ddof) / groupSize : 1;
  return 2 * Math.sqrt(v * shrink);
}

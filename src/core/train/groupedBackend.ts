import type { AdvantagePlan } from '../estimators/advantages';
import type { VecEnv } from '../envs/types';
import type { Rng } from '../rng';
import { NeuralBackend, type NetSpec } from './neuralBackend';
import { networkGroups } from './networkGroups';
import type {
  GradientRecorder,
  PolicyBackend,
  PolicyEvaluation,
  RunState,
  RunUpdateStats,
} from './runState';

/** A group's runs (indices into the trainer's runs) and the backend that stacks them. */
export interface RunGroup {
  readonly runs: readonly number[];
  readonly backend: PolicyBackend;
}

/**
 * Several backends, each over its own runs, as one: the trainer still sees one evaluation per
 * env step and one optimisation per update. Each group's numbers depend on its own runs only, so
 * a run trains exactly as it would alone or in any other company.
 */
export class GroupedBackend implements PolicyBackend {
  constructor(
    readonly groups: readonly RunGroup[],
    private readonly numRuns: number,
  ) {}

  /** The groups evaluate concurrently (a GPU backend overlaps their read-backs). */
  async evaluate(
    envs: readonly (VecEnv | null)[],
    active?: readonly (ArrayLike<number> | null)[],
  ): Promise<(PolicyEvaluation | null)[]> {
    const out: (PolicyEvaluation | null)[] = new Array<null>(envs.length).fill(null);
    await Promise.all(
      this.groups.map(async ({ runs, backend }) => {
        const own = runs.map((r) => envs[r]);
        if (own.every((env) => env === null)) return; // nothing of this group steps
        const evals = await backend.evaluate(own, active && runs.map((r) => active[r]));
        evals.forEach((ev, i) => (out[runs[i]] = ev));
      }),
    );
    return out;
  }

  /** One group after another: each optimisation reads back several times in between. */
  async optimise(
    runs: readonly RunState[],
    plans: readonly (AdvantagePlan | null)[],
    recorder?: GradientRecorder,
  ): Promise<RunUpdateStats[]> {
    const stats: RunUpdateStats[] = new Array(runs.length);
    for (const group of this.groups) {
      const own = await group.backend.optimise(
        group.runs.map((r) => runs[r]),
        plans,
        recorder,
      );
      own.forEach((s, i) => (stats[group.runs[i]] = s));
    }
    return stats;
  }

  /** Each parameter stacked over all runs in run order, as one backend would give it. */
  async parameters(): Promise<Float32Array[]> {
    const perGroup = await Promise.all(this.groups.map((g) => g.backend.parameters()));
    return perGroup[0].map((_, l) => {
      const perRun = perGroup[0][l].length / this.groups[0].runs.length;
      const all = new Float32Array(this.numRuns * perRun);
      this.groups.forEach((group, g) =>
        group.runs.forEach((r, i) =>
          all.set(perGroup[g][l].subarray(i * perRun, (i + 1) * perRun), r * perRun),
        ),
      );
      return all;
    });
  }

  dispose(): void {
    for (const group of this.groups) group.backend.dispose();
  }
}

/**
 * The neural backend of the trainer's runs: one NeuralBackend when every run can share one
 * stacked program, else one per group of networkGroups.
 */
export function neuralBackend(
  runs: readonly RunState[],
  obsSize: number,
  numActions: number,
  net: NetSpec,
  initRngs: readonly Rng[],
): PolicyBackend {
  const groups = networkGroups(runs.map((run) => run.spec));
  if (groups.length === 1) return new NeuralBackend(runs, obsSize, numActions, net, initRngs);
  return new GroupedBackend(
    groups.map((group) => ({
      runs: group,
      backend: new NeuralBackend(
        group.map((r) => runs[r]),
        obsSize,
        numActions,
        net,
        group.map((r) => initRngs[r]),
      ),
    })),
    runs.length,
  );
}

import { runs, experiment, type Lesson } from './lesson';

/** Parallel environments per run, and the PPO settings every run shares (only E differs). */
export const PARALLEL_ENVS = [4, 16, 64, 256] as const;
const SHARED_PPO = { learningRate: 0.1 };

export const parallelEnvsLesson: Lesson = {
  id: 'parallel-envs',
  title: 'More parallel environments against stagnation',
  watch:
    'PPO with a table policy on slippery FrozenLake 4x4 (best possible success ≈ 0.74); the four runs differ only in how many environments fill each update: 4, 16, 64, 256. Per update, 256 envs reach ≈ 0.72 within 60 updates, 64 level off a little lower, 4 and 16 stall far below for long stretches; the gradient variance chart shows why. Then switch the x axis to environment steps: small batches make more updates from the same samples and lead early (16 envs beat 256 at equal samples here); what more environments buy is a higher plateau per update.',
  why: 'PPO’s outer loop is stochastic optimisation: each update moves the policy a roughly fixed distance along a gradient estimated from N episodes, and the estimate’s variance falls as 1/N. With the step size fixed, the return stops improving where the progress of a step is cancelled by its noise; that floor sinks as N grows. A smaller step also lowers the floor, but slows every update.',
  formula: String.raw`\operatorname{Var}[\hat g_N] = \frac{\sigma^2}{N},\qquad \limsup_{k\to\infty}\mathbb{E}\big[J^* - J(\theta_k)\big] \;\lesssim\; \frac{\eta\,L\,\sigma^2}{2\,\mu\,N}`,
  source:
    'Beukman, Khetarpal, Zheng, Dabney, Foerster, Dennis & Lyle 2026, "Preventing Learning Stagnation in PPO by Scaling to 1 Million Parallel Environments" (arXiv:2603.06009); the fixed-step SGD floor: Bottou, Curtis & Nocedal 2018, "Optimization Methods for Large-Scale Machine Learning", Thm 4.6',
  questions: [
    'At 20,000 environment steps, which run is ahead? At 150,000? What does each run buy with its samples?',
    'Remove the 64- and 256-env runs and train 2,000 updates: the 4-env run then gets more samples than the 64-env run used in its first 100 updates. Does it catch up?',
    'Set the 4-env run’s learning rate to 0.03: does it plateau higher, and what does that cost?',
  ],
  experiment: () =>
    experiment(
      {
        env: { family: 'gridworld', map: 'frozenlake4x4' },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 16,
        maxUpdates: 300,
        runs: runs(
          PARALLEL_ENVS.map((n) => ({
            preset: 'ppo' as const,
            label: `PPO, ${n} envs`,
            overrides: SHARED_PPO,
            episodesPerUpdate: n,
          })),
        ),
      },
      ['meanReturn', 'gradVariance'],
    ),
};

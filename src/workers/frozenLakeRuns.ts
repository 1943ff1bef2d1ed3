import { GRID_PRESETS } from '../core/envs/gridworld';
import type { TrainConfig } from '../core/train/config';

/**
 * For the workers' tests: `runs` tabular runs on FrozenLake 4x4, 8 episodes an update, run r
 * with `presets[r]` (cycled) and seed 100 + r; GRPO runs sample groups of 4.
 */
export function frozenLakeRuns(runs: number, presets: readonly string[]): TrainConfig {
  return {
    env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
    policy: { kind: 'tabular' },
    episodesPerUpdate: 8,
    runs: Array.from({ length: runs }, (_, r) => {
      const preset = presets[r % presets.length];
      return {
        id: `r${r}`,
        label: `run ${r}`,
        preset,
        overrides: { learningRate: 0.2 },
        seed: 100 + r,
        ...(preset === 'grpo' ? { groupSize: 4 } : {}),
      };
    }),
  };
}

import { banditSuite, twoRewardSuite } from '../envs/banditSuite';
import type { EnvConfig } from '../envs/registry';
import { levelToText } from '../envs/sokoban';
import { generateSokobanLevels } from '../envs/sokobanGenerator';
import { SOKOBAN_TEACHING_LEVELS } from '../envs/sokobanLevels';
import { estimatorNeeds, PRESETS, type EstimatorSpec } from '../estimators';
import {
  checkExperiment,
  resolveGridMap,
  type EnvSettings,
  type Experiment,
} from '../experiment/schema';
import { Rng } from '../rng';
import type { TrainConfig } from '../train/config';

/**
 * The trainer's config for an experiment: every environment setting resolved to plain data
 * (grid preset names to maps, Sokoban teaching names and generator settings to level texts,
 * bandit suites to arm tables), runs with their group size and, where a run sets its own, its
 * episodes per update. Group estimators roll out `groupSize` copies per task, the others one per
 * task; a run without its own episode count collects the experiment's.
 */
export function envConfigOf(env: EnvSettings): EnvConfig {
  switch (env.family) {
    case 'bandit': {
      const arms = env.arms;
      if (env.kind === 'two-reward') {
        const p =
          arms.source === 'suite'
            ? twoRewardSuite(arms.tasks, arms.arms, Rng.fromSeed(arms.seed))
            : { p1: arms.means, p2: arms.means2 ?? arms.means };
        return { family: 'bandit-two-reward', params: { ...p, weights: env.weights } };
      }
      if (arms.source === 'suite') {
        const suite = banditSuite(arms, Rng.fromSeed(arms.seed));
        return {
          family: 'bandit',
          params: { ...suite, kind: env.kind, ...(env.kind === 'gaussian' ? { sd: env.sd } : {}) },
        };
      }
      return {
        family: 'bandit',
        params: {
          kind: env.kind,
          means: arms.means,
          ...(env.kind === 'gaussian' ? { sd: env.sd } : {}),
        },
      };
    }
    case 'gridworld':
      return {
        family: 'gridworld',
        map: resolveGridMap(env.map),
      };
    case '2048': {
      const { family: _family, ...params } = env;
      void _family;
      return { family: '2048', params };
    }
    case 'sokoban': {
      const src = env.levels;
      const levels =
        src.source === 'teaching'
          ? src.names.map(
              (n) => (SOKOBAN_TEACHING_LEVELS.find((l) => l.name === n) as { text: string }).text,
            )
          : src.source === 'generator'
            ? generateSokobanLevels(
                { width: src.width, height: src.height, boxes: src.boxes },
                src.count,
                src.seed,
              ).map(levelToText)
            : src.texts;
      return {
        family: 'sokoban',
        levels,
        maxSteps: env.maxSteps,
        deadlockTermination: env.deadlockTermination,
      };
    }
  }
}

export function needsGroups(preset: string, overrides: object): boolean {
  const spec = {
    ...(PRESETS as Record<string, EstimatorSpec>)[preset],
    ...overrides,
  } as EstimatorSpec;
  return estimatorNeeds(spec).groupRollouts.length > 0;
}

export function toTrainConfig(x: Experiment): { config: TrainConfig } | { problems: string[] } {
  const problems = checkExperiment(x);
  if (problems.length) return { problems };
  try {
    return {
      config: {
        env: envConfigOf(x.env),
        policy: x.policy,
        episodesPerUpdate: x.episodesPerUpdate,
        runs: x.runs.map((r) => ({
          id: r.id,
          label: r.label,
          preset: r.preset,
          overrides: r.overrides,
          seed: r.seed,
          groupSize: needsGroups(r.preset, r.overrides) ? x.groupSize : 1,
          ...(r.episodesPerUpdate === undefined ? {} : { episodesPerUpdate: r.episodesPerUpdate }),
        })),
      },
    };
  } catch (e) {
    return { problems: [(e as Error).message] };
  }
}

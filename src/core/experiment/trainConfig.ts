import { banditSuite } from '../envs/banditSuite';
import { Rng } from '../rng';
import type { EnvConfig, RunConfig, TrainConfig } from '../train/config';
import { checkExperiment, type Experiment } from './schema';

/**
 * Experiment -> the trainer's TrainConfig, for what the trainer supports today: Bernoulli and
 * Gaussian bandits (explicit means or a seeded suite), tabular or MLP policies, one rollout per
 * task. Everything else comes back as a problem naming the setting, so the UI can say why Start
 * is disabled. The trainer's owner extends this as TrainConfig grows (gridworld, 2048, Sokoban,
 * the two-reward bandit, group size); the budget (maxUpdates) and speed are read by the worker
 * straight from the experiment.
 */
export function toTrainConfig(x: Experiment): { config: TrainConfig } | { problems: string[] } {
  const problems = checkExperiment(x);
  let env: EnvConfig | null = null;
  if (x.env.family !== 'bandit') problems.push(`env: the trainer does not run ${x.env.family} yet`);
  else if (x.env.kind === 'two-reward')
    problems.push('bandit: the trainer does not run the two-reward bandit yet');
  else {
    const { kind, sd } = x.env;
    const arms = x.env.arms;
    // A suite is drawn here, once, from its own seed: every run then sees the same tasks.
    const means =
      arms.source === 'means' ? arms.means : banditSuite(arms, Rng.fromSeed(arms.seed)).means;
    env = { family: 'bandit', params: { kind, means, ...(kind === 'gaussian' ? { sd } : {}) } };
  }
  if (x.groupSize !== 1)
    problems.push(`groupSize: the trainer takes one rollout per task for now, got ${x.groupSize}`);
  if (problems.length || env === null) return { problems };
  const runs: RunConfig[] = x.runs.map((r) => ({
    id: r.id,
    label: r.label,
    preset: r.preset,
    overrides: r.overrides,
    seed: r.seed,
  }));
  return {
    config: { env, policy: x.policy, episodesPerUpdate: x.episodesPerUpdate, runs },
  };
}

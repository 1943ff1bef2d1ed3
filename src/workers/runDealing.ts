import { CPU_BACKENDS } from '../core/backendChoice';
import { estimatorNeeds } from '../core/estimators/needs';
import { resolveEstimator } from '../core/estimators/presets';
import { runEpisodes, type RunConfig, type TrainConfig } from '../core/train/config';
import type { BackendName } from './protocol';

/**
 * How an experiment's runs are spread over training workers (shards.ts): how many workers, and
 * which runs each one trains.
 */

/**
 * A run's work per update, relative to other runs': its episodes, each acted once (plus its Monte
 * Carlo rollouts) and trained over `epochs` passes of about three forward passes' work each
 * (a forward and a backward pass). A network's critic doubles both, and a reference policy is
 * evaluated while acting (runs are stacked by the networks they need, networkGroups.ts). Per
 * update, 8 runs on 2048 (MLP [64, 64], 8 episodes, Node cpu) took 237 ms (REINFORCE), 283 ms
 * (RLOO, 1.2x; this model: 5 / 4) and 1447 ms (PPO, 6.1x; this model: 26 / 4).
 */
export function runCost(config: TrainConfig, run: RunConfig): number {
  const episodes = runEpisodes(config, run);
  try {
    const spec = resolveEstimator(run.preset, run.overrides, {
      groupSize: run.groupSize ?? 1,
      tabular: config.policy.kind === 'tabular',
    });
    const acting = spec.baseline === 'mc-rollouts' ? 1 + spec.mcRollouts : 1;
    if (config.policy.kind === 'tabular') return episodes * (acting + 3 * spec.epochs);
    const needs = estimatorNeeds(spec);
    const networks = 1 + (needs.critic.length > 0 ? 1 : 0);
    const reference = needs.referencePolicy.length > 0 ? 1 : 0;
    return episodes * (acting * (networks + reference) + 3 * spec.epochs * networks);
  } catch {
    return episodes * 4; // the trainer names the problem
  }
}

/**
 * Runs of the given costs dealt to `shards` workers as evenly as possible: the costliest first,
 * each to the least loaded worker (longest processing time first, Graham 1969: within 4/3 of the
 * best). Rows wait for the slowest worker, so a worker with all the PPO runs would hold back the
 * rest. Equal costs deal round-robin; each worker's runs are in experiment order.
 */
export function dealRuns(costs: readonly number[], shards: number): number[][] {
  const parts: number[][] = Array.from({ length: shards }, () => []);
  const load = new Float64Array(shards);
  const order = costs.map((_, r) => r).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const r of order) {
    let least = 0;
    for (let k = 1; k < shards; k++) if (load[k] < load[least]) least = k;
    parts[least].push(r);
    load[least] += costs[r];
  }
  return parts.map((part) => part.sort((a, b) => a - b));
}

/** Workers that share an experiment's runs on a CPU backend: one per run, up to `maxWorkers`. */
export function cpuWorkers(config: TrainConfig, maxWorkers: number): number {
  return Math.max(1, Math.min(config.runs.length, Math.floor(maxWorkers)));
}

/**
 * Workers for an experiment: cpuWorkers, but one for networks on a GPU backend, whose tensors
 * live on one device that all workers would share.
 */
export function workersFor(
  config: TrainConfig,
  backend: BackendName,
  maxWorkers: number,
): { count: number; reason: string } {
  const runs = config.runs.length;
  if (config.policy.kind !== 'tabular' && !CPU_BACKENDS.includes(backend))
    return { count: 1, reason: `1 training worker: ${backend} runs every network on one device` };
  const count = cpuWorkers(config, maxWorkers);
  const reason =
    count === 1
      ? runs === 1
        ? '1 training worker: one run'
        : `1 training worker (at most ${maxWorkers} on this machine)`
      : `${count} training workers, ${runs} runs dealt by their work per update`;
  return { count, reason };
}

/**
 * A class's experiment timed in Node: 8 estimators (REINFORCE, REINFORCE + baseline, RLOO, GRPO,
 * Dr. GRPO, PPO, ReMax, BNPO) x SEEDS seeds on 2048, MLP [64, 64], Adam 0.003, reward-to-go,
 * EPISODES episodes per run (groups of 8), every metric on. `npm run bench` times runs of one
 * preset; this is the mixed case that networkGroups.ts (stacks by network and schedule) and the
 * cpu optimiser loops were measured on.
 *
 *   npx tsx scripts/class-speed.ts [backend=cpu] [seeds=5] [episodes=8] [seconds=6] [presets]
 *
 * e.g. `npx tsx scripts/class-speed.ts cpu 5 8 6 reinforce,ppo` times 5 seeds of two presets.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { measureTrainer } from '../bench/training';
import { CLASS_PRESETS } from '../src/core/estimators/presets';
import type { TrainConfig } from '../src/core/train/config';

const [backend = 'cpu', seedsArg = '5', episodesArg = '8', secondsArg = '6', presetsArg] =
  process.argv.slice(2);
const seeds = Number(seedsArg);
const episodes = Number(episodesArg);
const presets = presetsArg ? presetsArg.split(',') : CLASS_PRESETS;
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
await tf.ready();
const config: TrainConfig = {
  env: { family: '2048', params: {} },
  policy: { kind: 'mlp', hidden: [64, 64] },
  episodesPerUpdate: episodes,
  runs: presets.flatMap((preset) =>
    Array.from({ length: seeds }, (_, s) => ({
      id: `${preset}-${s + 1}`,
      label: preset,
      preset,
      seed: s + 1,
      groupSize: 8,
      overrides: {
        learningRate: 3e-3,
        optimizer: 'adam' as const,
        returnTarget: 'reward-to-go' as const,
        gamma: 0.99,
      },
    })),
  ),
};
const t = await measureTrainer(config, Number(secondsArg), { warmup: 1, minUpdates: 2 });
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    runs: config.runs.length,
    presets,
    episodesPerRun: episodes,
    envStepsPerSec: Math.round(t.envStepsPerSec),
    updatesPerSec: Number(t.updatesPerSec.toFixed(3)),
    seconds: Number(t.seconds.toFixed(1)),
  }),
);

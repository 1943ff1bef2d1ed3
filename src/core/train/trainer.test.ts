import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC, NUM_METRICS, type TrainConfig } from './config';
import { GRID_PRESETS } from '../envs/gridworld';
import { minibatchGathering } from './minibatches';
import { Trainer, TrainerConfigError } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tenArms = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.8];

function banditConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    env: { family: 'bandit', params: { kind: 'bernoulli', means: [tenArms] } },
    policy: { kind: 'tabular' },
    episodesPerUpdate: 64,
    runs: [
      {
        id: 'a',
        label: 'REINFORCE',
        preset: 'reinforce',
        overrides: { learningRate: 0.5 },
        seed: 1,
      },
      {
        id: 'b',
        label: 'baseline',
        preset: 'reinforce-baseline',
        overrides: { learningRate: 0.5 },
        seed: 2,
      },
    ],
    ...overrides,
  };
}

describe('Trainer on a 10-armed Bernoulli bandit (tabular softmax)', () => {
  it('REINFORCE raises the best arm above 0.9 within 300 updates of 64 pulls (seed 1)', async () => {
    const trainer = new Trainer(banditConfig());
    for (let u = 0; u < 300; u++) await trainer.update();
    const pi = trainer.policyTable(0) as Float32Array;
    expect(pi[9]).toBeGreaterThan(0.9);
    // Mean reward approaches the best arm's 0.8.
    expect(trainer.latest[METRIC.meanReturn]).toBeGreaterThan(0.65);
  });

  it('starts uniform: entropy of the first update is log K', async () => {
    const trainer = new Trainer(banditConfig());
    const m = await trainer.update();
    expect(m[METRIC.entropy]).toBeCloseTo(Math.log(10), 6);
    expect(m[METRIC.update]).toBe(1);
    expect(m[METRIC.envSteps]).toBe(64);
  });

  it('same config and seeds give identical metric series', async () => {
    const series = async () => {
      const t = new Trainer(banditConfig());
      const out: number[] = [];
      for (let u = 0; u < 30; u++) out.push(...(await t.update()));
      return out;
    };
    expect(await series()).toEqual(await series());
  });

  it('rejects bad settings before training, naming the field', () => {
    expect(
      () =>
        new Trainer(
          banditConfig({
            runs: [
              {
                id: 'a',
                label: 'x',
                preset: 'reinforce',
                overrides: { learningRate: -1 },
                seed: 1,
              },
            ],
          }),
        ),
    ).toThrow(/learningRate must be > 0/);
    expect(() => new Trainer(banditConfig({ episodesPerUpdate: 0 }))).toThrow(TrainerConfigError);
    expect(
      () =>
        new Trainer(
          banditConfig({
            env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0.5, 1.5]] } },
          }),
        ),
    ).toThrow(/arm 1 must be in \[0, 1\], got 1.5/);
    expect(
      () =>
        new Trainer(
          banditConfig({ runs: [{ id: 'a', label: 'x', preset: 'nope', overrides: {}, seed: 1 }] }),
        ),
    ).toThrow(/preset.*nope/);
  });
});

/** Metric series of each run, [run][update * NUM_METRICS + metric]. */
async function seriesOf(trainer: Trainer, updates: number): Promise<number[][]> {
  const out: number[][] = trainer.runs.map(() => []);
  for (let u = 0; u < updates; u++) {
    const m = await trainer.update();
    out.forEach((s, r) => s.push(...m.subarray(r * NUM_METRICS, (r + 1) * NUM_METRICS)));
  }
  return out;
}

/** Each run of `config` trained in a trainer of its own, with its episodes as the experiment's. */
async function aloneSeries(config: TrainConfig, updates: number): Promise<number[][]> {
  const out: number[][] = [];
  for (const run of config.runs) {
    const { episodesPerUpdate, ...rest } = run;
    const t = new Trainer({
      ...config,
      episodesPerUpdate: episodesPerUpdate ?? config.episodesPerUpdate,
      runs: [rest],
    });
    out.push((await seriesOf(t, updates))[0]);
    t.dispose();
  }
  return out;
}

describe('runs with their own episodes per update (RunConfig.episodesPerUpdate)', () => {
  const ownEpisodes = (
    policy: TrainConfig['policy'],
    env: TrainConfig['env'] = { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
  ): TrainConfig => ({
    env,
    policy,
    episodesPerUpdate: 16,
    runs: [4, undefined, 64].map((E, r) => ({
      id: `e${r}`,
      label: `${E ?? 16} envs`,
      preset: 'ppo',
      // Two epochs of two minibatches still shuffle and pad; fewer tfjs steps keep the test short.
      overrides:
        policy.kind === 'tabular'
          ? { learningRate: 0.1 }
          : { learningRate: 0.01, epochs: 2, minibatches: 2 },
      seed: 5 + r,
      ...(E === undefined ? {} : { episodesPerUpdate: E }),
    })),
  });

  it('tabular PPO: each run collects its own number of episodes and trains as if alone', async () => {
    const config = ownEpisodes({ kind: 'tabular' });
    const trainer = new Trainer(config);
    expect(trainer.runs.map((r) => [r.env.numEnvs, r.buffer.numEpisodes])).toEqual([
      [4, 4],
      [16, 16],
      [64, 64],
    ]);
    const together = await seriesOf(trainer, 10);
    // envSteps counts the run's own steps: the sum of its episode lengths over the updates.
    together.forEach((s, r) => {
      let steps = 0;
      for (let u = 0; u < 10; u++)
        steps += s[u * NUM_METRICS + METRIC.episodeLength] * trainer.runs[r].buffer.numEpisodes;
      expect(s[9 * NUM_METRICS + METRIC.envSteps]).toBeCloseTo(steps, 6);
    });
    expect(together).toEqual(await aloneSeries(config, 10));
  });

  it('MLP PPO on a bandit: runs of 4, 16 and 64 episodes stacked (padded to 64) equal each run alone', async () => {
    // A bandit keeps tfjs's cpu backend fast (one step per episode); the gridworld case above
    // covers episodes of different lengths.
    const config = ownEpisodes({ kind: 'mlp', hidden: [16] }, banditConfig().env);
    const trainer = new Trainer(config);
    const together = await seriesOf(trainer, 6);
    trainer.dispose();
    const alone = await aloneSeries(config, 6);
    together.forEach((a, r) =>
      // Same actions sampled => identical returns; gradients agree to float tolerance.
      a.forEach((x, i) =>
        Number.isNaN(alone[r][i]) ? expect(x).toBeNaN() : expect(x).toBeCloseTo(alone[r][i], 4),
      ),
    );
  });

  it("refuses a run's episode count out of range or not a multiple of its group size", () => {
    const config = banditConfig();
    const run = config.runs[0];
    expect(() => new Trainer({ ...config, runs: [{ ...run, episodesPerUpdate: 0 }] })).toThrow(
      'runs[0] (REINFORCE): episodesPerUpdate must be an integer in [1, 4096], got 0',
    );
    expect(
      () =>
        new Trainer({
          ...config,
          runs: [{ ...run, preset: 'grpo', groupSize: 8, episodesPerUpdate: 12 }],
        }),
    ).toThrow(
      "runs[0] (REINFORCE): groupSize must be a whole divisor of the run's episodesPerUpdate (12), got 8",
    );
  });
});

describe('neural (MLP) runs stacked on a run axis', () => {
  const mlpConfig = (
    seeds: number[],
    presets = ['reinforce', 'reinforce-baseline', 'reinforce'],
  ): TrainConfig =>
    banditConfig({
      policy: { kind: 'mlp', hidden: [16] },
      episodesPerUpdate: 32,
      runs: seeds.map((seed, r) => ({
        id: `r${r}`,
        label: `run ${r}`,
        preset: presets[r % presets.length],
        overrides: { learningRate: 0.05, optimizer: r % 2 ? 'adam' : 'sgd' },
        seed,
      })),
    });

  it('R runs trained together equal the same R runs trained one by one', async () => {
    const seeds = [11, 12, 13];
    const together = new Trainer(mlpConfig(seeds));
    const alone = seeds.map(
      (seed, r) =>
        new Trainer(
          banditConfig({
            policy: { kind: 'mlp', hidden: [16] },
            episodesPerUpdate: 32,
            runs: [{ ...mlpConfig(seeds).runs[r], seed }],
          }),
        ),
    );
    const togetherSeries: number[][] = seeds.map(() => []);
    const aloneSeries: number[][] = seeds.map(() => []);
    for (let u = 0; u < 20; u++) {
      const m = await together.update();
      seeds.forEach((_, r) =>
        togetherSeries[r].push(...m.subarray(r * NUM_METRICS, (r + 1) * NUM_METRICS)),
      );
      for (let r = 0; r < seeds.length; r++) aloneSeries[r].push(...(await alone[r].update()));
    }
    for (let r = 0; r < seeds.length; r++) {
      // Same actions sampled => identical rewards and returns; gradients agree to float tolerance.
      const a = togetherSeries[r];
      const b = aloneSeries[r];
      expect(a.length).toBe(b.length);
      // Metrics that do not apply (e.g. exact-gradient ones for neural runs) are NaN in both.
      a.forEach((x, i) =>
        Number.isNaN(b[i]) ? expect(x).toBeNaN() : expect(x).toBeCloseTo(b[i], 4),
      );
    }
    const paramsTogether = await together.parameters();
    for (let r = 0; r < seeds.length; r++) {
      const p = await alone[r].parameters();
      p.forEach((flat, l) => {
        const per = flat.length;
        const slice = paramsTogether[l].subarray(r * per, (r + 1) * per);
        let maxDiff = 0;
        for (let k = 0; k < per; k++) maxDiff = Math.max(maxDiff, Math.abs(slice[k] - flat[k]));
        expect(maxDiff).toBeLessThan(1e-5);
      });
    }
    together.dispose();
    alone.forEach((t) => t.dispose());
  });

  it('REINFORCE next to PPO (1 vs 4 minibatches) reports its own loss and gradient norm, bit for bit as alone', async () => {
    // Sharded training (workers/shards.ts) relies on this: a run's metrics may not depend on
    // which runs share its trainer. Before the fix, REINFORCE reported PPO's last minibatch,
    // in which it sat idle: loss 0 and gradient norm 0.
    const config = mlpConfig([21, 22], ['reinforce', 'ppo']);
    const trainer = new Trainer(config);
    const together = await seriesOf(trainer, 3);
    trainer.dispose();
    const alone = await aloneSeries(config, 3);
    expect(together[0][METRIC.gradNorm]).toBeGreaterThan(0);
    expect(together[0][METRIC.loss]).not.toBe(0);
    expect(together).toEqual(alone);
  });

  it('a class on FrozenLake 8x8 (episodes of every length): every run trains bit for bit as alone', async () => {
    // Runs that share a stack: PPOs of 4, 8 and 16 episodes, one with 2 minibatches, one with
    // Clip-Cov (whole-batch steps), and MDPO's 4 epochs with 4 minibatches. Before the stacks
    // were split by networkGroups and shuffled minibatches always gathered, PPO differed from
    // PPO alone in the 7th digit from its first update.
    const runs = [
      { preset: 'ppo', overrides: { learningRate: 0.01 } },
      { preset: 'ppo', overrides: { learningRate: 0.01, minibatches: 2 }, episodesPerUpdate: 4 },
      { preset: 'reinforce', overrides: { learningRate: 0.05 } },
      { preset: 'ppo', overrides: { learningRate: 0.01 }, episodesPerUpdate: 16 },
      { preset: 'ppo', overrides: { learningRate: 0.01, covRegulariser: 'clip-cov' as const } },
      { preset: 'mdpo', overrides: { learningRate: 0.01, minibatches: 4 } },
      { preset: 'mdpo', overrides: { learningRate: 0.01, minibatches: 4 }, episodesPerUpdate: 12 },
    ];
    const config: TrainConfig = {
      env: { family: 'gridworld', map: GRID_PRESETS.frozenlake8x8 },
      policy: { kind: 'mlp', hidden: [16] },
      episodesPerUpdate: 8,
      maxEpisodeSteps: 60,
      runs: runs.map((run, r) => ({ id: `r${r}`, label: run.preset, seed: 30 + r, ...run })),
    };
    const trainer = new Trainer(config);
    const together = await seriesOf(trainer, 3);
    trainer.dispose();
    expect(together).toEqual(await aloneSeries(config, 3));
  });

  it('leaks no tensors: the tensor count after update 10 equals that after update 200', async () => {
    const trainer = new Trainer(mlpConfig([1, 2]));
    for (let u = 0; u < 10; u++) await trainer.update();
    const after10 = tf.memory().numTensors;
    for (let u = 10; u < 200; u++) await trainer.update();
    expect(tf.memory().numTensors).toBe(after10);
    trainer.dispose();
  });

  it('a disposed trainer leaves no tensors behind (policy, critic, reference, optimiser)', async () => {
    const before = tf.memory().numTensors;
    const config = mlpConfig([1, 2]);
    // PPO (critic, Adam moments) and a KL run (reference policy): every kind of variable.
    const trainer = new Trainer({
      ...config,
      runs: [
        { ...config.runs[0], preset: 'ppo' },
        {
          ...config.runs[1],
          overrides: { ...config.runs[1].overrides, klCoef: 0.1, reference: 'initial' },
        },
      ],
    });
    for (let u = 0; u < 3; u++) await trainer.update();
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a diverging run stops alone, marked with its update; the other runs train on', async () => {
    const trainer = new Trainer(
      banditConfig({
        policy: { kind: 'mlp', hidden: [16] },
        runs: [
          { id: 'a', label: 'ok', preset: 'reinforce', overrides: { learningRate: 0.05 }, seed: 1 },
          {
            id: 'b',
            label: 'huge step',
            preset: 'reinforce',
            overrides: { learningRate: 1e39 },
            seed: 2,
          },
        ],
      }),
    );
    for (let u = 0; u < 8; u++) await trainer.update();
    expect(trainer.runs[1].status).toBe('diverged');
    expect(trainer.runs[1].divergedAt).toBeGreaterThanOrEqual(0);
    expect(trainer.latest[NUM_METRICS + METRIC.update]).toBeNaN();
    expect(trainer.runs[0].status).toBe('training');
    expect(trainer.latest[METRIC.update]).toBe(8);
    const firstRunParams = (await trainer.parameters()).map((p) => p.subarray(0, p.length / 2));
    for (const p of firstRunParams) expect(p.every(Number.isFinite)).toBe(true);
    trainer.dispose();
  });

  it('an MLP policy learns the 10-armed bandit too', async () => {
    const trainer = new Trainer(
      banditConfig({
        policy: { kind: 'mlp', hidden: [16] },
        runs: [
          {
            id: 'a',
            label: 'adam',
            preset: 'reinforce-baseline',
            overrides: { learningRate: 0.05, optimizer: 'adam' },
            seed: 3,
          },
        ],
      }),
    );
    for (let u = 0; u < 150; u++) await trainer.update();
    expect((trainer.policyTable(0) as Float32Array)[9]).toBeGreaterThan(0.8);
    trainer.dispose();
  });
});

describe('minibatch steps run the network on their own rows only (minibatchRows)', () => {
  it('two PPO runs on FrozenLake, one stopped early by its target KL: the same training as the whole batch with the rest masked out', async () => {
    // Episodes of different lengths, PPO's 2 epochs x 2 minibatches with a critic, and a PPO
    // run whose target KL stops it after its first epoch, so that it sits the second epoch's
    // steps out: the gathered steps must equal the masked whole-batch steps the trainer took
    // before, to float tolerance (sums run in another order).
    const config: TrainConfig = {
      env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
      policy: { kind: 'mlp', hidden: [16] },
      episodesPerUpdate: 8,
      runs: [
        {
          id: 'ppo',
          label: 'PPO',
          preset: 'ppo',
          overrides: { learningRate: 0.01, epochs: 2, minibatches: 2 },
          seed: 3,
        },
        {
          id: 'stops',
          label: 'PPO, stopped early',
          preset: 'ppo',
          overrides: { learningRate: 0.01, epochs: 2, minibatches: 2, targetKl: 1e-9 },
          seed: 4,
        },
      ],
    };
    const train = async (gather: boolean) => {
      minibatchGathering.enabled = gather;
      try {
        const trainer = new Trainer(config);
        const series = await seriesOf(trainer, 5);
        trainer.dispose();
        return series;
      } finally {
        minibatchGathering.enabled = true;
      }
    };
    const masked = await train(false);
    const gathered = await train(true);
    gathered.forEach((run, r) =>
      run.forEach((x, i) =>
        Number.isNaN(masked[r][i]) ? expect(x).toBeNaN() : expect(x).toBeCloseTo(masked[r][i], 4),
      ),
    );
    // The runs learned something (the comparison is not between two untouched policies).
    const perUpdate = (run: number[], m: number) =>
      Array.from({ length: 5 }, (_, u) => run[u * NUM_METRICS + m]);
    expect(new Set(perUpdate(gathered[0], METRIC.entropy)).size).toBeGreaterThan(1);
  });
});

describe('REINFORCE + baseline on 2048, where every episode is a task of its own', () => {
  it('differs from REINFORCE from the second update (the baseline is the EMA over all tasks)', async () => {
    const trainer = new Trainer({
      env: { family: '2048', params: {} },
      policy: { kind: 'mlp', hidden: [16] },
      episodesPerUpdate: 8,
      maxEpisodeSteps: 30,
      runs: (['reinforce', 'reinforce-baseline'] as const).map((preset) => ({
        id: preset,
        label: preset,
        preset,
        overrides: { learningRate: 0.01, optimizer: 'adam' as const },
        seed: 1,
      })),
    });
    const gradNorms: number[][] = [];
    for (let u = 0; u < 2; u++) {
      const m = await trainer.update();
      gradNorms.push([m[METRIC.gradNorm], m[NUM_METRICS + METRIC.gradNorm]]);
    }
    trainer.dispose();
    // Same seeds and policy: the first update is the same (no past returns, b = 0) ...
    expect(gradNorms[0][1]).toBe(gradNorms[0][0]);
    // ... the second subtracts the first update's mean return.
    expect(Math.abs(gradNorms[1][1] - gradNorms[1][0])).toBeGreaterThan(1e-3 * gradNorms[1][0]);
  });
});

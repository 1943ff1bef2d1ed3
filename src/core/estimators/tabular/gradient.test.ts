import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import type { AdvantagePlan } from '../advantages';
import { aggregationWeights } from '../aggregation';
import { makeRolloutBatch, type EpisodeRecord } from '../batch';
import { resolveEstimator } from '../presets';
import type { EstimatorOverrides } from '../spec';
import { disposeCoefs, policyLossCoefsTf } from '../tfjs/coefs';
import { policyLossTf } from '../tfjs/policy-loss';
import { tabularLossGradient } from './gradient';
import { stepLogp, tabularLogPolicy } from './softmax';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The analytic tabular gradient (float64) must equal tfjs autodiff through a softmax table
 * written in tfjs (float32). Tolerance: 1e-5 * max(1, max |g|), i.e. ~100 float32 ulps of the
 * largest entry, which bounds the round-off of summing ~15 weighted float32 terms per entry.
 */
const S = 3;
const A = 4;
const rng = Rng.fromSeed(7);
const lengths = [3, 2, 3, 1, 3, 2];
const zOld = Array.from({ length: S * A }, () => 0.7 * rng.normal());
const zRef = Array.from({ length: S * A }, () => 0.7 * rng.normal());
const logPiOld = tabularLogPolicy(zOld, S, A);
const episodes: EpisodeRecord[] = lengths.map((len) => {
  const states = Array.from({ length: len }, () => rng.int(S));
  const actions = Array.from({ length: len }, () => rng.int(A));
  return {
    rewards: Array(len).fill(0),
    states,
    actions,
    logp: states.map((s, t) => logPiOld[s * A + actions[t]]),
  };
});
const batch = makeRolloutBatch(episodes, 2, A);
const N = batch.numEpisodes * batch.maxSteps;
const advantages = new Float32Array(N);
for (let i = 0; i < N; i++) if (batch.mask[i]) advantages[i] = 1.5 * rng.normal();
const refLogp = Float32Array.from(
  stepLogp(tabularLogPolicy(zRef, S, A), batch.states, batch.actions, batch.mask, A),
);

/** Every surrogate and regulariser, one run each, all stacked in one tfjs call. */
const runs: { name: string; over: EstimatorOverrides; clipCov?: boolean; klCov?: boolean }[] = [
  { name: 'vanilla + entropy', over: { surrogate: 'vanilla', entropyCoef: 0.05 } },
  {
    name: 'ratio + k3 KL',
    over: { surrogate: 'ratio', klCoef: 0.1, klEstimator: 'k3', reference: 'initial' },
  },
  { name: 'ppo-clip .2/.28', over: { surrogate: 'ppo-clip', clipLow: 0.2, clipHigh: 0.28 } },
  {
    name: 'ppo-clip dual clip + k2 KL',
    over: {
      surrogate: 'ppo-clip',
      clipLow: 0.1,
      clipHigh: 0.1,
      dualClip: 1.2,
      klCoef: 0.2,
      klEstimator: 'k2',
      reference: 'initial',
    },
  },
  {
    name: 'mdpo + k1 KL + entropy',
    over: {
      surrogate: 'mdpo',
      mdpoStepSize: 0.5,
      klCoef: 0.3,
      klEstimator: 'k1',
      reference: 'initial',
      entropyCoef: 0.02,
    },
  },
  { name: 'clip-cov', over: { surrogate: 'ppo-clip', covRegulariser: 'clip-cov' }, clipCov: true },
  {
    name: 'kl-cov',
    over: { surrogate: 'ratio', covRegulariser: 'kl-cov', klCovCoef: 0.7 },
    klCov: true,
  },
];
const specs = runs.map((r) =>
  resolveEstimator('reinforce', { aggregation: 'seq-mean-token-mean', ...r.over }),
);
const R = runs.length;
const logits = runs.map(() => zOld.map((z) => z + 0.4 * rng.normal()));
const covMasks = runs.map((r) => {
  const m = new Uint8Array(N);
  if (r.clipCov || r.klCov)
    for (let i = 0; i < N; i++) m[i] = batch.mask[i] && rng.uniform() < 0.4 ? 1 : 0;
  return m;
});
const plan: AdvantagePlan = {
  advantages,
  stepWeights: aggregationWeights(batch, 'seq-mean-token-mean'),
  episodeTargets: new Float32Array(batch.numEpisodes),
  episodeReturns: new Float32Array(batch.numEpisodes),
  criticTargets: null,
  keep: new Uint8Array(batch.numEpisodes).fill(1),
  diagnostics: {
    zeroVarianceGroupFraction: 0,
    zeroAdvantageFraction: 0,
    keptEpisodeFraction: 1,
    betaAlpha: 1,
    betaBeta: 1,
  },
};

function tfjsGradient(): number[][] {
  const idx = tf.tensor1d(
    Array.from({ length: N }, (_, i) =>
      batch.mask[i] ? batch.states[i] * A + batch.actions[i] : 0,
    ),
    'int32',
  );
  const stateIdx = tf.tensor1d(
    Array.from(batch.states, (s) => Math.max(s, 0)),
    'int32',
  );
  const tile = (x: ArrayLike<number>) =>
    tf.tensor2d(Array.from({ length: R }, () => Array.from(x)));
  const coefs = policyLossCoefsTf(specs);
  const clipCovMask = tf.tensor2d(
    runs.map((r, k) => Array.from(r.clipCov ? covMasks[k] : new Uint8Array(N))),
  );
  const klCovMask = tf.tensor2d(
    runs.map((r, k) => Array.from(r.klCov ? covMasks[k] : new Uint8Array(N))),
  );
  const fixed = {
    oldLogp: tile(batch.logp),
    advantages: tile(plan.advantages),
    stepWeights: tile(plan.stepWeights),
    mask: tile(batch.mask),
    refLogp: tile(refLogp),
    clipCovMask,
    klCovMask,
  };
  const loss = (z: tf.Tensor) => {
    const logPi = tf.logSoftmax(tf.reshape(z, [R, S, A]));
    const H = tf.neg(tf.sum(tf.mul(tf.exp(logPi), logPi), 2)); // [R, S]
    const logp = tf.gather(tf.reshape(logPi, [R, S * A]), idx, 1) as tf.Tensor2D;
    const entropy = tf.gather(H, stateIdx, 1) as tf.Tensor2D;
    return tf.sum(policyLossTf({ ...fixed, logp, entropy }, coefs));
  };
  const g = tf.grad(loss)(tf.tensor2d(logits));
  const out = g.arraySync() as number[][];
  disposeCoefs(coefs);
  return out;
}

describe('analytic tabular gradient = tfjs autodiff', () => {
  it('the frozen batch exercises clipping on both sides (no ties at the boundaries)', () => {
    let clipped = 0;
    for (let k = 0; k < R; k++) {
      if (specs[k].surrogate !== 'ppo-clip') continue;
      const lp = stepLogp(
        tabularLogPolicy(logits[k], S, A),
        batch.states,
        batch.actions,
        batch.mask,
        A,
      );
      for (let i = 0; i < N; i++) {
        if (!batch.mask[i]) continue;
        const rho = Math.exp(lp[i] - batch.logp[i]);
        for (const edge of [1 - specs[k].clipLow, 1 + specs[k].clipHigh, specs[k].dualClip])
          expect(Math.abs(rho - edge)).toBeGreaterThan(1e-3);
        if (rho < 1 - specs[k].clipLow || rho > 1 + specs[k].clipHigh) clipped++;
      }
    }
    expect(clipped).toBeGreaterThan(3);
  });

  let tfGrad: number[][] = [];
  beforeAll(() => {
    tfGrad = tfjsGradient();
  });
  runs.forEach((run, k) => {
    it(`${run.name}`, () => {
      const { grad } = tabularLossGradient(batch, plan, specs[k], logits[k], S, {
        refLogp,
        clipCovMask: run.clipCov ? covMasks[k] : undefined,
        klCovMask: run.klCov ? covMasks[k] : undefined,
      });
      const scale = Math.max(1, ...Array.from(grad, Math.abs));
      expect(Math.max(...Array.from(grad, Math.abs))).toBeGreaterThan(1e-3); // not trivially 0
      for (let j = 0; j < S * A; j++)
        expect(Math.abs(tfGrad[k][j] - grad[j])).toBeLessThan(1e-5 * scale);
    });
  });
});

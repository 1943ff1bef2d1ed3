import { describe, expect, it } from 'vitest';
import { GRID_PRESETS } from '../envs/gridworld';
import { TabularSoftmax } from '../policies/tabularSoftmax';
import type { TrainConfig } from './config';
import { TabularBackend } from './tabularBackend';
import { Trainer } from './trainer';

const config: TrainConfig = {
  env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
  policy: { kind: 'tabular' },
  episodesPerUpdate: 16,
  runs: [
    { id: 'a', label: 'a', preset: 'reinforce', overrides: { learningRate: 1 }, seed: 3 },
    { id: 'b', label: 'b', preset: 'ppo', overrides: { learningRate: 0.5 }, seed: 4 },
  ],
};

/** What the backend must return for copy i: pi(.|s), log pi, H and pi_ref from the logits now. */
function expected(logits: Float64Array, s: number, A: number) {
  const probs = new TabularSoftmax(logits.length / A, A, logits).probs(s, new Float64Array(A));
  const entropy = -probs.reduce((h, p) => h + (p > 0 ? p * Math.log(p) : 0), 0);
  return { probs: Array.from(probs), logProbs: Array.from(probs, Math.log), entropy };
}

describe('TabularBackend.evaluate (per-state tables, refreshed after each update)', () => {
  it('returns the current policy of every copy, also after the logits changed', async () => {
    const trainer = new Trainer(config);
    const backend = (trainer as unknown as { backend: TabularBackend }).backend;
    const A = trainer.numActions;
    for (let u = 0; u < 4; u++) {
      const envs = trainer.runs.map((r) => r.env);
      const evals = await backend.evaluate(envs);
      trainer.runs.forEach((run, r) => {
        const ev = evals[r]!;
        for (let i = 0; i < run.env.numEnvs; i++) {
          const s = run.env.stateIndex[i];
          const want = expected(backend.logits(r), s, A);
          // Copy i's entries sit at its row (the state's row of the tables).
          const row = ev.rowOf ? ev.rowOf[i] : i;
          const got = Array.from(ev.probs).slice(row * A, (row + 1) * A);
          got.forEach((p, a) => expect(p).toBeCloseTo(want.probs[a], 12));
          Array.from(ev.logProbs!)
            .slice(row * A, (row + 1) * A)
            .forEach((l, a) => expect(l).toBeCloseTo(want.logProbs[a], 12));
          expect(ev.entropy![row]).toBeCloseTo(want.entropy, 12);
          // log pi_ref exactly as the rollout would take it from refProbs, per step.
          for (let a = 0; a < A; a++)
            expect(ev.refLogProbs![row * A + a]).toBe(
              Math.log(Math.max(ev.refProbs![row * A + a], 1e-30)),
            );
        }
      });
      await trainer.update();
    }
    // The updates moved the policy away from uniform (so a stale table would have failed).
    const moved = backend.logits(0).some((z) => Math.abs(z) > 1e-3);
    expect(moved).toBe(true);
    trainer.dispose();
  });
});

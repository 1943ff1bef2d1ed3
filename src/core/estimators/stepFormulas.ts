import type { EstimatorSpec } from './spec';

/**
 * KaTeX formulas of each stage of one update, built from a resolved estimator's choices
 * (estimators.md sections 1-7), for the step-by-step view. Indices: episode i, step t, group of
 * size G; tabular logits z[s, a].
 */
export interface StepFormulas {
  /** 1. The return target of a step. */
  readonly target: string;
  /** 2. The baseline subtracted from it. */
  readonly baseline: string;
  /** 3. The advantage the surrogate uses (normalisation, outcome selection). */
  readonly advantage: string;
  /** 4. The policy-gradient estimate over the logits g = -dL/dz. */
  readonly gradient: string;
  /** 5. The optimiser step from g. */
  readonly update: string;
}

const TARGET: Record<EstimatorSpec['returnTarget'], string> = {
  episode: String.raw`R_i = \sum_{t} \gamma^{t} r_{i,t}`,
  'reward-to-go': String.raw`G_{i,t} = \sum_{k \ge t} \gamma^{k-t} r_{i,k}`,
  gae: String.raw`\hat R_{i,t} = A^{GAE}_{i,t} + V(s_t),\ A^{GAE}_t = \sum_{k\ge0} (\gamma\lambda)^k \delta_{t+k},\ \delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)`,
};

const BASELINE: Record<EstimatorSpec['baseline'], string> = {
  none: String.raw`b = 0`,
  ema: String.raw`b = \text{EMA of past mean returns of the task (of all tasks for a new task), before this batch},\ b \leftarrow (1-\kappa)\,b + \kappa\,\bar R`,
  'group-mean': String.raw`b_i = \frac{1}{G} \sum_{j=1}^{G} R_j`,
  'leave-one-out': String.raw`b_i = \frac{1}{G-1} \sum_{j \ne i} R_j`,
  critic: String.raw`b_t = V(s_t)`,
  greedy: String.raw`b_i = R(\tau^{greedy}_{task(i)})`,
  optimal: String.raw`b^* = \frac{\sum_i \lVert\nabla\log\pi(\tau_i)\rVert^2 R_i}{\sum_i \lVert\nabla\log\pi(\tau_i)\rVert^2}`,
  tracker: String.raw`b_i = \hat p(x_i)`,
  'mc-rollouts': String.raw`b_t = \hat V_{MC}(s_t)`,
};

const NORMALISATION: Record<EstimatorSpec['normalisation'], string> = {
  none: String.raw`A = \hat R - b`,
  'group-std': String.raw`A_i = \frac{R_i - b_i}{\operatorname{std}(R_{1..G}) + \epsilon}`,
  'batch-std': String.raw`A = \frac{\hat A - \operatorname{mean}(\hat A)}{\operatorname{std}(\hat A) + \epsilon},\ \hat A = \hat R - b`,
  beta: String.raw`A_i = \frac{R_i - b_i}{f_{Beta}(p_q; \alpha, \beta)}`,
  decoupled: String.raw`A_i = \operatorname{z}_{batch}\Big(\sum_k w_k\,\operatorname{z}_{group}(R_{ik})\Big)`,
  stratified: String.raw`A_i = \alpha\,\operatorname{z}_{stratum}(R_i) + (1-\alpha)\,\operatorname{z}_{batch}(R_i)`,
};

const SELECTION: Record<Exclude<EstimatorSpec['selection'], 'none'>, string> = {
  psr: String.raw`A_i = \mathbb 1[\text{success}_i]`,
  nsr: String.raw`A_i = -\mathbb 1[\text{failure}_i]`,
  'w-reinforce': String.raw`A_i = \lambda\,\mathbb 1[\text{success}_i] - \mathbb 1[\text{failure}_i]`,
};

/** The aggregation weight w_t of a step, so that L = sum_t w_t l_t (aggregation.ts). */
const WEIGHT: Record<EstimatorSpec['aggregation'], string> = {
  'token-mean': String.raw`w_t = \frac{1}{\#\text{steps}}`,
  'seq-mean-token-mean': String.raw`w_t = \frac{1}{N\,|\tau_i|}`,
  'seq-mean-token-sum': String.raw`w_t = \frac{1}{N}`,
  'seq-mean-token-sum-norm': String.raw`w_t = \frac{1}{N\,L_{max}}`,
};

const UPDATE: Record<EstimatorSpec['optimizer'], string> = {
  sgd: String.raw`z' = z + \eta\, g`,
  adam: String.raw`z' = z + \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon},\ m, v \text{ moments of } g`,
  natural: String.raw`z' = z + \eta\, F^{-1} g\ \ (\text{per-state Fisher } F)`,
  'normalized-momentum': String.raw`d \leftarrow \beta d + (1-\beta) g,\ z' = z + \eta\,\frac{d}{\lVert d\rVert}`,
};

export function stepFormulas(spec: EstimatorSpec): StepFormulas {
  const advantage =
    spec.selection !== 'none' ? SELECTION[spec.selection] : NORMALISATION[spec.normalisation];
  // Tabular softmax: d log pi(a|s) / dz[s, .] = e_a - pi(.|s) (softmax.ts). Every surrogate's
  // gradient is a per-step coefficient times that vector; vanilla's coefficient is A_t, the
  // others' is -dl_t/dlog pi_t (A_t at pi = pi_old unless the ratio is clipped).
  const coefficient =
    spec.surrogate === 'vanilla' ? 'A_t' : String.raw`\frac{\partial(-l_t)}{\partial \log\pi_t}`;
  const entropy = spec.entropyCoef > 0 ? String.raw` + c_H \nabla H` : '';
  const kl = spec.klCoef > 0 && spec.klPlacement === 'loss' ? String.raw` - \beta \nabla k` : '';
  const clip =
    spec.maxGradNorm > 0
      ? String.raw`,\quad g \leftarrow g\,\min(1, \frac{c}{\lVert g\rVert})`
      : '';
  return {
    target: TARGET[spec.returnTarget],
    baseline: BASELINE[spec.baseline],
    advantage,
    // Two lines, so the longest (PPO's) still fits a projected screen.
    gradient: String.raw`\begin{gathered} g_{s,\cdot} = \sum_{t:\,s_t = s} w_t\, ${coefficient}\,\big(e_{a_t} - \pi(\cdot\mid s)\big)${entropy}${kl} \\ ${WEIGHT[spec.aggregation]}${clip} \end{gathered}`,
    update: UPDATE[spec.optimizer],
  };
}

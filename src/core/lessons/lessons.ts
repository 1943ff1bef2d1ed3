import { defaultExperiment, freshRun, type ChartId, type Experiment } from '../experiment/schema';
import type { PresetName } from '../estimators/presets';

/**
 * Lessons: a preset experiment, a short text (what to watch, why it happens, the formula, the
 * paper), questions for the class, and the charts that show the point. Each lesson is an
 * ordinary experiment, so it is also a shareable link. Every lesson's phenomenon is checked for
 * its fixed seed in lessons.test.ts.
 */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  /** What to watch, in one or two sentences. */
  readonly watch: string;
  /** Why it happens. */
  readonly why: string;
  /** The formula behind it (KaTeX). */
  readonly formula: string;
  readonly source: string;
  readonly questions: readonly string[];
  readonly experiment: () => Experiment;
}

function runs(
  specs: readonly {
    preset: PresetName;
    label?: string;
    overrides?: Record<string, unknown>;
    seed?: number;
  }[],
) {
  return specs.map((s, k) => ({
    ...freshRun(k + 1, s.preset),
    ...(s.label ? { label: s.label } : {}),
    overrides: s.overrides ?? {},
    seed: s.seed ?? 1,
  }));
}

function experiment(patch: Partial<Experiment>, charts: ChartId[]): Experiment {
  const x = defaultExperiment();
  return { ...x, ...patch, charts: { ...x.charts, visible: charts } };
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'baselines',
    title: 'Baselines cut variance',
    watch:
      'Same bandit, same seeds: REINFORCE, a moving-average baseline, leave-one-out (RLOO) and the optimal baseline. Watch the gradient variance chart: every baseline sits below plain REINFORCE, and the runs with lower variance climb faster.',
    why: 'Subtracting any b that does not depend on the action keeps the gradient unbiased, since E[∇log π] = 0, but changes its variance; a b close to the expected return removes most of the noise.',
    formula: String.raw`\nabla J = \mathbb{E}\big[(R - b)\,\nabla\log\pi(a)\big],\qquad b^* = \frac{\mathbb{E}[\|\nabla\log\pi\|^2 R]}{\mathbb{E}[\|\nabla\log\pi\|^2]}`,
    source:
      'Williams 1992; Sutton & Barto 2018, sec. 13.4; Kool et al. 2019 (RLOO); OBLR-PO (optimal baseline)',
    questions: [
      'Why does the baseline not bias the gradient?',
      'Which baseline has the lowest variance early on, and why does the gap shrink as the policy converges?',
    ],
    experiment: () =>
      experiment(
        {
          episodesPerUpdate: 32,
          groupSize: 4,
          maxUpdates: 300,
          runs: runs([
            { preset: 'reinforce', overrides: { learningRate: 0.5 } },
            { preset: 'reinforce-baseline', overrides: { learningRate: 0.5 } },
            { preset: 'rloo', overrides: { learningRate: 0.5 } },
            { preset: 'optimal-baseline', overrides: { learningRate: 0.5 } },
          ]),
        },
        ['meanReturn', 'gradVariance', 'gradError', 'entropy'],
      ),
  },
  {
    id: 'learning-cliff',
    title: 'The learning cliff: groups with equal rewards give no gradient',
    watch:
      'GRPO on a suite of 16 bandit tasks whose success rates spread over (0, 1), in groups of G = 2; then set Group size to 4 and 8 and run again. Watch the zero-variance groups chart: a group whose rewards are all equal has zero advantage everywhere. SPO, with a baseline tracked per task, never has zero advantages.',
    why: 'With success rate p, all G rewards agree with probability p^G + (1 − p)^G: easy and hopeless tasks fall off the cliff, and larger groups make it rarer.',
    formula: String.raw`\Pr[\text{zero-variance group}] = p^G + (1-p)^G`,
    source: 'DeepSeekMath (GRPO); DAPO (dynamic sampling); Single-stream Policy Optimization',
    questions: [
      'For p = 0.9 and G = 4, what fraction of groups teach nothing?',
      'How do dynamic sampling (DAPO) or a tracked baseline (SPO) avoid the cliff?',
    ],
    experiment: () =>
      experiment(
        {
          env: {
            family: 'bandit',
            kind: 'bernoulli',
            arms: { source: 'suite', tasks: 16, arms: 4, spread: 1, gap: 0.2, seed: 0 },
            sd: 1,
            weights: [1, 1],
          },
          episodesPerUpdate: 64,
          groupSize: 2,
          maxUpdates: 300,
          runs: runs([
            { preset: 'grpo', label: 'GRPO, G = 2', overrides: { learningRate: 0.5 } },
            { preset: 'spo', label: 'SPO (tracked baseline)', overrides: { learningRate: 0.5 } },
          ]),
        },
        ['meanReturn', 'advantages'],
      ),
  },
  {
    id: 'clipping',
    title: 'Clipping and multiple epochs',
    watch:
      'Four epochs of updates on each batch at a high learning rate: the importance-weighted vanilla surrogate against PPO’s clipped one. Watch the update size (approx KL): PPO keeps each update small, the unclipped surrogate jumps.',
    why: 'Once the ratio ρ leaves [1 − ε, 1 + ε] in the direction the advantage pushes, PPO’s objective is flat there and its gradient is zero, so extra epochs stop moving the policy.',
    formula: String.raw`L^{\text{clip}} = -\min\big(\rho A,\ \mathrm{clip}(\rho, 1-\epsilon, 1+\epsilon) A\big),\quad \rho = \frac{\pi_\theta(a|s)}{\pi_{\text{old}}(a|s)}`,
    source: 'Schulman et al. 2017 (PPO); CleanRL ppo.py',
    questions: [
      'Why is the clipped gradient exactly zero and not just small?',
      'What does the clip fraction tell you?',
    ],
    experiment: () =>
      experiment(
        {
          episodesPerUpdate: 64,
          maxUpdates: 200,
          runs: runs([
            {
              preset: 'reinforce',
              label: 'Vanilla (ratio), 4 epochs',
              overrides: { learningRate: 10, surrogate: 'ratio', epochs: 4 },
            },
            {
              preset: 'ppo',
              label: 'PPO clip 0.2, 4 epochs',
              overrides: {
                learningRate: 10,
                optimizer: 'sgd',
                minibatches: 1,
                returnTarget: 'episode',
                baseline: 'none',
                normalisation: 'none',
                entropyCoef: 0,
                maxGradNorm: 0,
              },
            },
          ]),
        },
        ['meanReturn', 'updateSize', 'entropy'],
      ),
  },
  {
    id: 'entropy-collapse',
    title: 'Entropy collapse, and how regularisers slow it',
    watch:
      'GRPO on a 10-armed bandit without regularisation, with an entropy bonus, and with Clip-Cov. Watch entropy fall: plain GRPO collapses onto one arm fastest; the regularised runs keep exploring longer, and their return can still climb.',
    why: 'A policy-gradient step raises the logits of actions whose advantage covaries with their log-probability, so confident good actions get more confident; entropy falls as return rises, roughly R = −a·exp(H) + b.',
    formula: String.raw`\Delta H \approx -\eta\,\mathrm{Cov}\big(\log\pi(a),\,A(a)\big),\qquad R \approx -a\,e^{H} + b`,
    source: 'Cui et al. 2025, "The Entropy Mechanism of RL for Reasoning Language Models"',
    questions: [
      'Why does entropy fall even though no term in the loss asks for it?',
      'What is the return ceiling −a + b, and how do the regularisers change where a run ends on that curve?',
    ],
    experiment: () =>
      experiment(
        {
          episodesPerUpdate: 64,
          groupSize: 8,
          maxUpdates: 300,
          runs: runs([
            { preset: 'grpo', label: 'GRPO', overrides: { learningRate: 0.5 } },
            {
              preset: 'grpo',
              label: 'GRPO + entropy bonus 0.05',
              overrides: { learningRate: 0.5, entropyCoef: 0.05 },
            },
            {
              preset: 'clip-cov',
              label: 'Clip-Cov (30% of high-covariance steps)',
              overrides: { learningRate: 0.5, clipCovRatio: 0.3 },
            },
          ]),
        },
        ['meanReturn', 'entropy'],
      ),
  },
  {
    id: 'geometry',
    title: 'Geometry of the update: vanilla, natural and mirror-descent steps',
    watch:
      'A 3-armed bandit, the same seed and the same step size for a vanilla gradient step, a natural-gradient step and MDPO (mirror descent). Watch the arms view and the return: the natural and mirror-descent steps reach the best arm in far fewer updates.',
    why: 'The vanilla gradient of a softmax shrinks as π(a) → 0 or 1 (it is scaled by π(1 − π)), so progress stalls near the simplex edges; the natural gradient divides by the Fisher information and moves at a speed that does not depend on the parameterisation; mirror descent multiplies π by exp(t·A).',
    formula: String.raw`\theta \leftarrow \theta + \eta\,F(\theta)^{-1}\nabla J,\qquad \pi_{k+1}(a) \propto \pi_k(a)\,e^{t A(a)}`,
    source:
      'Kakade 2001 (natural policy gradient); Tomar et al. 2020, "Mirror Descent Policy Optimization"',
    questions: [
      'Why does the vanilla step slow down once the policy is fairly sure?',
      'What does the Fisher matrix measure?',
    ],
    experiment: () =>
      experiment(
        {
          env: {
            family: 'bandit',
            kind: 'bernoulli',
            arms: { source: 'means', means: [[0.2, 0.5, 0.8]] },
            sd: 1,
            weights: [1, 1],
          },
          episodesPerUpdate: 32,
          maxUpdates: 200,
          runs: runs([
            {
              preset: 'reinforce-baseline',
              label: 'Vanilla gradient',
              overrides: { learningRate: 0.1 },
            },
            { preset: 'natural-pg', label: 'Natural gradient', overrides: { learningRate: 0.1 } },
            { preset: 'mdpo', label: 'Mirror descent (MDPO)', overrides: { learningRate: 0.1 } },
          ]),
        },
        ['meanReturn', 'entropy', 'gradError'],
      ),
  },
];

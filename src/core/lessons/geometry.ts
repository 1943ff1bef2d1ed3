import { runs, experiment, type Lesson } from './lesson';

export const geometryLesson: Lesson = {
  id: 'geometry',
  title: 'Geometry of the update: vanilla, natural and mirror-descent steps',
  watch:
    'A 3-armed bandit, the same seed and the same step size for a vanilla gradient step, a natural-gradient step and MDPO (mirror descent). Watch the path of each policy on the simplex and the return: the natural and mirror-descent steps head for the corner of the best arm and reach it in far fewer updates; the vanilla step slows down as it nears an edge.',
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
      ['simplex', 'meanReturn', 'entropy', 'gradError'],
    ),
};

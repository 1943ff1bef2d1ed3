import { runs, experiment, type Lesson } from './lesson';

export const clippingLesson: Lesson = {
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
};

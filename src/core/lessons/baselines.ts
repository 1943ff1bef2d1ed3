import { runs, experiment, type Lesson } from './lesson';

export const baselinesLesson: Lesson = {
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
};

import { runs, experiment, type Lesson } from './lesson';

export const entropyCollapseLesson: Lesson = {
  id: 'entropy-collapse',
  title: 'Entropy collapse, and how regularisers slow it',
  watch:
    'GRPO on a 10-armed bandit without regularisation, with an entropy bonus, and with Clip-Cov. Watch entropy fall: plain GRPO collapses onto one arm fastest; the regularised runs keep exploring longer, and their return can still climb. The return-vs-entropy chart fits R = −a·exp(H) + b to each run and shows its ceiling −a + b.',
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
      ['meanReturn', 'entropy', 'rewardEntropy'],
    ),
};

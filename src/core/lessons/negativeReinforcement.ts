import { runs, experiment, type Lesson } from './lesson';

/**
 * Four questions (tasks) with eight answers (arms) each, three of them correct: rewards are 0/1
 * and deterministic, as a verifier's. Several equally good arms are the point: with one correct
 * answer there is nothing to cover, and PSR and NSR end in the same place.
 */
export const NEGATIVE_REINFORCEMENT_MEANS = [
  [1, 0, 0, 1, 0, 0, 1, 0],
  [0, 1, 1, 0, 0, 0, 0, 1],
  [1, 1, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 1, 1, 0, 1],
];

export const negativeReinforcementLesson: Lesson = {
  id: 'negative-reinforcement',
  title: 'Positive vs negative reinforcement',
  watch:
    'Four questions with eight answers each, three of them correct (reward 1, else 0). PSR learns only from correct samples, NSR only from wrong ones, W-REINFORCE from both with the correct ones weighted 0.1. All three raise the return (pass@1). Watch entropy and good-arm coverage: PSR sharpens onto one correct answer per question and drops the other two; NSR keeps all three; W-REINFORCE sits in between.',
  why: 'With 0/1 rewards the three updates have the same expectation, ∇J: the difference is all in the noise. A PSR step raises the correct answer it sampled and lowers every other answer, the other correct ones included; once every sample is correct it keeps doing that, so which correct answer wins is a random walk that only ends in collapse. An NSR step lowers the wrong answer it sampled and hands its probability to the others in proportion to what they already hold, so the correct answers keep their ratios; once nothing wrong is sampled, NSR stops.',
  formula: String.raw`\begin{gathered}\mathcal{L}_\lambda = -\lambda\!\!\sum_{y:\,r(y)=1}\!\!\log\pi_\theta(y) + \!\!\sum_{y:\,r(y)=0}\!\!\log\pi_\theta(y)\qquad \text{PSR: first sum only; NSR: } \lambda = 0;\ \text{W-REINFORCE: } \lambda = 0.1\\ \text{NSR step on a wrong } y:\quad \Delta z_a = \eta\,\pi_\theta(a)\ \ (a \neq y),\qquad \Delta z_y = -\eta\,\big(1 - \pi_\theta(y)\big)\end{gathered}`,
  source:
    'Zhu et al. 2025, "The Surprising Effectiveness of Negative Reinforcement in LLM Reasoning"',
  questions: [
    'With rewards 0 and 1 the expected PSR, NSR and REINFORCE gradients are all ∇J. Why? Where does the difference between the runs come from, then?',
    'Why does PSR keep changing the policy after every sample is correct, while NSR stops?',
    'Give each question a single correct answer (edit the arm table). Does the difference survive?',
    'Plain REINFORCE with rewards 0/1 and no baseline makes exactly the PSR update. Which rewards would make REINFORCE = PSR + NSR?',
  ],
  experiment: () =>
    experiment(
      {
        env: {
          family: 'bandit',
          kind: 'bernoulli',
          arms: { source: 'means', means: NEGATIVE_REINFORCEMENT_MEANS.map((row) => [...row]) },
          sd: 1,
          weights: [1, 1],
        },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 64,
        groupSize: 1,
        maxUpdates: 400,
        runs: runs([
          { preset: 'psr', label: 'PSR (correct samples only)', overrides: { learningRate: 1 } },
          { preset: 'nsr', label: 'NSR (wrong samples only)', overrides: { learningRate: 1 } },
          {
            preset: 'w-reinforce',
            label: 'W-REINFORCE (λ = 0.1)',
            overrides: { learningRate: 1 },
          },
        ]),
      },
      ['meanReturn', 'entropy', 'goodArmCoverage'],
    ),
};

import { runs, experiment, type Lesson } from './lesson';

export const learningCliffLesson: Lesson = {
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
};

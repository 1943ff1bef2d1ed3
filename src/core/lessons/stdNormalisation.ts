import { runs, experiment, type Lesson } from './lesson';

export const stdNormalisationLesson: Lesson = {
  id: 'std-normalisation',
  title: 'Standard-deviation normalisation reweights tasks by difficulty',
  watch:
    'GRPO, Dr. GRPO and BNPO on a suite of 32 bandit tasks from nearly hopeless to nearly solved, in groups of G = 8. Watch the task-weight chart: each dot is one task in the latest update, its success rate against its mean |advantage|. Dr. GRPO’s dots follow the parabola 2p(1 − p); GRPO’s follow the flatter curve 2√(p(1 − p)), so a task at p = 1/8 gets 66% of a middling task’s weight instead of 44%.',
  why: 'Binary rewards in a group with success fraction p deviate from the group mean by 1 − p or −p, so mean |A| = 2p(1 − p); dividing by the group std √(p(1 − p)) turns that into 2√(p(1 − p)), which is large wherever the group is not unanimous. GRPO thus up-weights very easy and very hard tasks relative to middling ones; Dr. GRPO drops the division; BNPO divides by a Beta density fitted to the batch’s success rates, so its weights follow the batch rather than a fixed curve.',
  formula: String.raw`\overline{|A|}(\hat p) = \begin{cases} 2\hat p(1-\hat p) & \text{Dr. GRPO: } A = r - \hat p \\ 2\sqrt{\hat p(1-\hat p)} & \text{GRPO: } A = (r - \hat p)/\sigma \\ 2\hat p(1-\hat p)\,/\,f_{\mathrm{Beta}}(\hat p;\alpha,\beta) & \text{BNPO} \end{cases}`,
  source:
    'Liu et al. 2025, "Understanding R1-Zero-Like Training: A Critical Perspective" (Dr. GRPO); Shao et al. 2024, DeepSeekMath (GRPO); Xiao et al. 2025, "BNPO: Beta Normalization Policy Optimization"',
  questions: [
    'For G = 8 and one success in the group, what is each episode’s advantage under GRPO and under Dr. GRPO?',
    'GRPO’s dots sit slightly below 2√(p(1 − p)): why does the unbiased std (divide by G − 1) give the factor √((G − 1)/G)?',
    'Is up-weighting nearly-solved tasks good or bad for learning? What does it do to the objective being optimised?',
    'Where do BNPO’s dots lie, and how do they move as the suite gets easier during training?',
  ],
  experiment: () =>
    experiment(
      {
        env: {
          family: 'bandit',
          kind: 'bernoulli',
          arms: { source: 'suite', tasks: 32, arms: 4, spread: 1, gap: 0.2, seed: 0 },
          sd: 1,
          weights: [1, 1],
        },
        episodesPerUpdate: 256,
        groupSize: 8,
        maxUpdates: 300,
        runs: runs([
          { preset: 'grpo', overrides: { learningRate: 4 } },
          { preset: 'dr-grpo', overrides: { learningRate: 4 } },
          { preset: 'bnpo', overrides: { learningRate: 4 } },
        ]),
      },
      ['taskWeights', 'meanReturn'],
    ),
};

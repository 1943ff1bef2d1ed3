import { runs, experiment, type Lesson } from './lesson';

export const multiRewardCollapseLesson: Lesson = {
  id: 'multi-reward-collapse',
  title: 'Multi-reward advantage collapse',
  watch:
    'A bandit that pays two 0/1 rewards per pull (think “correct format” and “correct answer”), groups of G = 8. GRPO normalises the summed reward; GDPO normalises each reward within the group first. Watch the distinct advantages per group chart: GRPO can never show more than 3 values, GDPO shows up to 4. Both learn the same arm here: what differs is how finely the advantages tell the rollouts apart.',
  why: 'Summed, the outcomes (1, 0) and (0, 1) both score 1, so GRPO gives them the same advantage whatever the group: four reward combinations collapse onto three sums. Normalised per reward, a success on the rarer reward in the group is worth more, so (1, 0) and (0, 1) stay apart unless both rewards have the same group std (success fractions equal or adding up to 1). With k rewards the collapse grows: 2^k combinations onto k + 1 sums.',
  formula: String.raw`A^{\text{GRPO}}_i = \frac{s_i - \bar s}{\sigma_s},\ s_i = r_{i1} + r_{i2} \qquad A^{\text{GDPO}}_i \propto \frac{r_{i1} - \bar r_1}{\sigma_1} + \frac{r_{i2} - \bar r_2}{\sigma_2}`,
  source:
    'Liu et al. 2026, "GDPO: Group reward-Decoupled Normalization Policy Optimization for Multi-reward RL Optimization"; Shao et al. 2024, DeepSeekMath (GRPO)',
  questions: [
    'A group of 8 holds (1,1), (1,0) three times, (0,1), (0,0) three times. Which episodes share an advantage under GRPO, and under GDPO?',
    'When does GDPO give (1,0) and (0,1) the same advantage too?',
    'The zero-advantages chart: why do groups that teach GRPO nothing (every sum equal, e.g. only (1,0) and (0,1)) still teach GDPO?',
    'Both runs learn the same arm on this bandit. Why might the lost resolution matter more with many rewards and a language model?',
    'If the summed reward were r1 + 2 r2, how many distinct values could GRPO show? Is weighting a fix?',
  ],
  experiment: () =>
    experiment(
      {
        env: {
          family: 'bandit',
          kind: 'two-reward',
          // Arm 0 pays reward 1 only, arm 1 mostly reward 2, arm 2 both moderately (the best
          // sum, 1.1), arm 3 little of either: all four combinations keep occurring as it learns.
          arms: {
            source: 'means',
            means: [[0.9, 0.3, 0.7, 0.2]],
            means2: [[0.1, 0.6, 0.4, 0.2]],
          },
          sd: 1,
          weights: [1, 1],
        },
        episodesPerUpdate: 64,
        groupSize: 8,
        maxUpdates: 300,
        runs: runs([
          { preset: 'grpo', label: 'GRPO (summed reward)', overrides: { learningRate: 0.5 } },
          {
            preset: 'gdpo',
            label: 'GDPO (per-reward normalisation)',
            overrides: { learningRate: 0.5 },
          },
        ]),
      },
      ['advantages', 'meanReturn'],
    ),
};

import { runs, experiment, type Lesson } from './lesson';

/** REINFORCE on the return-to-go, as the games need it (envsLearn.test.ts); Adam. */
const rewardToGo = {
  returnTarget: 'reward-to-go',
  gamma: 0.99,
  optimizer: 'adam',
  learningRate: 0.003,
} as const;

export const mcCriticSokobanLesson: Lesson = {
  id: 'mc-critic-sokoban',
  title: 'A Monte Carlo critic in Sokoban (ProAct)',
  watch:
    'REINFORCE on the return-to-go in the “Around the corner” level, without a baseline and with ProAct’s Monte Carlo critic: V(s_t) is the mean return of 8 rollouts of at most 20 random moves from a copy of the game at s_t. Watch the advantage scale: the critic removes the step penalties a move pays whatever it does, and leaves what the move changed.',
  why: 'Without a baseline every step of a failed episode gets the same negative return-to-go, so the update pushes down every move made, good or bad. Subtracting V(s_t), which depends on the state only, keeps the gradient unbiased and centres the advantage. ProAct rolls out random moves because they are cheap (no value network to train, no policy calls); a random-move value is a rough V, but any state-only baseline is unbiased, and the rougher it is, the less variance it removes.',
  formula: String.raw`A_t = G_t - \hat V(s_t),\qquad \hat V(s_t) = \frac{1}{K}\sum_{k=1}^{K}\sum_{h=0}^{H-1}\gamma^h\, r^{(k)}_{t+h},\quad a^{(k)}_{t+h} \sim \mathrm{uniform}`,
  source:
    'Yu et al. 2026, "ProAct: Agentic Lookahead in Interactive Environments" (MC-Critic); Sutton & Barto 2018, sec. 13.4',
  questions: [
    'The rollouts play random moves, not the policy’s. Why is the gradient still unbiased, and what does that choice cost?',
    'When the agent starts to solve the level, the critic run’s advantage scale rises again. Which part of the advantage can no baseline remove?',
    'How do K (rollouts) and H (horizon) trade computation against the quality of V? Try H = 1 and H = 60.',
    'ReMax (the 2048 lesson) subtracts one number per episode, the critic one per step. Which helps more in a 60-move puzzle that pays mostly at the end, and why?',
  ],
  experiment: () =>
    experiment(
      {
        env: {
          family: 'sokoban',
          levels: { source: 'teaching', names: ['Around the corner'] },
          deadlockTermination: false,
          maxSteps: 60,
        },
        policy: { kind: 'mlp', hidden: [64] },
        episodesPerUpdate: 32,
        groupSize: 1,
        maxUpdates: 150,
        runs: runs([
          { preset: 'reinforce', label: 'REINFORCE (no baseline)', overrides: rewardToGo },
          {
            preset: 'reinforce',
            label: 'REINFORCE + MC critic (K 8, H 20)',
            overrides: { ...rewardToGo, baseline: 'mc-rollouts', mcRollouts: 8, mcHorizon: 20 },
          },
        ]),
      },
      ['successRate', 'advantageRms', 'meanReturn'],
    ),
};

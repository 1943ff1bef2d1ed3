import { GAME2048_DEFAULTS } from '../envs/game2048';
import { runs, experiment, type Lesson } from './lesson';

/** Games are cut after this many moves: an update stays quick and scores stay comparable. */
export const GREEDY_2048_MOVES = 100;

const adam = { optimizer: 'adam', learningRate: 0.003 } as const;

export const greedyBaseline2048Lesson: Lesson = {
  id: 'remax-2048',
  title: 'A greedy baseline in 2048 (ReMax)',
  watch:
    'REINFORCE and ReMax on 2048 with the same seed, games cut at 100 moves. ReMax subtracts from each game’s score the score of a greedy game (always the most likely move) from the same start board with the same tile spawns. Watch the advantage scale: REINFORCE’s advantages are whole scores, ReMax’s only the difference to the greedy game, several times smaller.',
  why: 'A baseline that does not depend on the sampled moves keeps the gradient unbiased; the closer it is to the score the sampled game would have got anyway, the smaller the advantages and the noise of the gradient. Common random numbers make the greedy game meet the same spawns, so luck partly cancels. ReMax needs no critic, only one extra greedy rollout per task (per prompt, for a language model).',
  formula: String.raw`A(\tau) = R(\tau) - R(\bar\tau),\quad \bar a_t = \arg\max_a \pi_\theta(a \mid \bar s_t),\qquad \mathbb{E}\big[(R-b)^2\big] = \mathrm{Var}(R) + \big(\mathbb{E}[R]-b\big)^2`,
  source:
    'Li et al. 2023, "ReMax: A Simple, Effective, and Efficient Reinforcement Learning Method for Aligning Large Language Models"',
  questions: [
    'The greedy game sees the same tile spawns as the sampled one. Why does its score still not bias the gradient?',
    'At the first update both runs play exactly the same games (same seed, same network). What is the only difference between their advantages?',
    'Set the step limit to 0 (whole games). Does ReMax still shrink the advantages? Why does a greedy game that drifts apart from the sampled one make a weak baseline?',
    'For the same budget of games, how does ReMax compare with RLOO, which uses the other sampled games as the baseline? (A Sokoban lesson uses a Monte Carlo critic instead.)',
  ],
  experiment: () =>
    experiment(
      {
        env: { family: '2048', ...GAME2048_DEFAULTS, maxSteps: GREEDY_2048_MOVES },
        policy: { kind: 'mlp', hidden: [64] },
        episodesPerUpdate: 16,
        groupSize: 1,
        maxUpdates: 300,
        runs: runs([
          { preset: 'reinforce', label: 'REINFORCE (no baseline)', overrides: adam },
          { preset: 'remax', label: 'ReMax (greedy-game baseline)', overrides: adam },
        ]),
      },
      ['meanReturn', 'advantageRms'],
    ),
};

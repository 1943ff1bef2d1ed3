import type { EstimatorSpec } from '../../core/estimators/spec';
import { stepFormulas } from '../../core/estimators/stepFormulas';
import type { UpdateExplanation } from '../../core/train/updateExplanation';
import type { Stage } from '../../store/explanation';
import { fmt } from './stepperView';

/** What a stage says: a title, a sentence or two for students, and its formula (KaTeX). */
export interface StageText {
  readonly title: string;
  readonly text: string;
  readonly formula: string | null;
}

const TARGET_WORDS: Record<EstimatorSpec['returnTarget'], string> = {
  episode: 'Every step of an episode is credited with the whole episode’s (discounted) return.',
  'reward-to-go':
    'Every step is credited with the rewards from that step on (reward-to-go): an action cannot change what happened before it.',
  gae: 'Every step is credited with the critic’s estimate plus the generalised advantage (GAE), mixing observed rewards with the critic’s predictions.',
};

const BASELINE_WORDS: Record<EstimatorSpec['baseline'], string> = {
  none: 'No baseline: every return counts as it is, so even a poor episode pushes its actions up when rewards are positive.',
  ema: 'The baseline is a running average of past returns (from before this batch), so only better-than-usual episodes are reinforced.',
  'group-mean':
    'The baseline is the mean return of the episode’s group (the G rollouts of the same task).',
  'leave-one-out':
    'The baseline is the mean return of the other G − 1 episodes of the group: it never includes the episode itself, so the gradient stays unbiased.',
  critic: 'The baseline is the critic’s value V(s) of the step’s state.',
  greedy: 'The baseline is the return of the greedy (most likely) rollout of the same task.',
  optimal:
    'The baseline is the variance-minimising average of returns, weighted by the squared gradient norm of each episode.',
  tracker: 'The baseline is a remembered success rate of the episode’s task.',
  'mc-rollouts': 'The baseline is a Monte Carlo estimate of V(s) from extra rollouts.',
};

function advantageWords(x: UpdateExplanation): string {
  const spec = x.estimator.spec;
  if (spec.selection !== 'none')
    return `Outcome selection (${spec.selection}) replaces the advantage by a fixed value for successes and failures.`;
  const base =
    'The advantage says how much better than the baseline a step did: positive advantages make the action more likely, negative ones less likely.';
  if (spec.normalisation === 'none') return `${base} A = target − baseline.`;
  return `${base} Then ${spec.normalisation} normalisation rescales it (both columns are shown).`;
}

export function stageText(stage: Stage, x: UpdateExplanation): StageText {
  const f = stepFormulas(x.estimator.spec);
  const spec = x.estimator.spec;
  const E = x.totalEpisodes;
  switch (stage) {
    case 'episodes':
      return {
        title: 'Episodes sampled',
        text: `The current policy π_old sampled ${E} episodes${
          x.groupSize > 1 ? `, ${x.groupSize} per task (a group)` : ''
        }. Each row is one episode: the actions taken and the rewards received.`,
        formula: null,
      };
    case 'returns': {
      const returns = x.episodes.map((e) => e.return);
      const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
      return {
        title: 'Returns',
        text: `${TARGET_WORDS[spec.returnTarget]} γ = ${spec.gamma}. Mean return of the listed episodes: ${fmt(mean)}.`,
        formula: f.target,
      };
    }
    case 'baseline':
      return { title: 'Baseline', text: BASELINE_WORDS[spec.baseline], formula: f.baseline };
    case 'advantages':
      return { title: 'Advantages', text: advantageWords(x), formula: f.advantage };
    case 'gradient':
      return {
        title: 'Gradient per parameter',
        text: `Each step pushes the logits z of its state: up for the action taken, down for the others in proportion to π, scaled by its weight and advantage. In every state the entries add up to 0.${
          spec.surrogate === 'vanilla'
            ? ''
            : ` With the ${spec.surrogate} surrogate a step's coefficient is −∂l/∂log π: its advantage A while π = π_old, then it changes as the ratio ρ = π/π_old moves${spec.surrogate === 'ppo-clip' ? ' (0 once ρ leaves the clip range in the direction A pushes)' : ''}.`
        }`,
        formula: f.gradient,
      };
    case 'policy':
      return {
        title: 'Old policy and new policy',
        text: `The optimiser (${spec.optimizer}, η = ${spec.learningRate}) moves the logits along g; the softmax turns them into the new probabilities, which again add up to 1 in every state.`,
        formula: f.update,
      };
  }
}

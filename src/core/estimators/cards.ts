import { estimatorNeeds, type EstimatorNeeds } from './needs';
import { PRESET_LABELS, PRESETS, type PresetName } from './presets';

/** What the UI shows about a preset: plain words, the formula, where it comes from. */
export interface PresetCard {
  readonly name: PresetName;
  readonly label: string;
  /** Two or three sentences for students. */
  readonly explanation: string;
  /** KaTeX source of the per-step loss or update. */
  readonly formula: string;
  readonly source: { readonly paper: string; readonly implementation: string };
  /** Where the playground departs from, or had to fill in, the source. */
  readonly notes?: string;
  readonly needs: EstimatorNeeds;
}

type CardText = Omit<PresetCard, 'name' | 'label' | 'needs'>;

const grpoAdv = String.raw`A_i = \frac{R_i - \operatorname{mean}(R_{1..G})}{\operatorname{std}(R_{1..G}) + \epsilon}`;
const clip = String.raw`\max\!\big(-\rho_t A_t,\ -\operatorname{clip}(\rho_t, 1-\epsilon_l, 1+\epsilon_h) A_t\big)`;

const TEXT: Record<PresetName, CardText> = {
  reinforce: {
    explanation:
      'Make every action of an episode more likely in proportion to the return the episode got. Unbiased but noisy: good and bad luck both push the policy.',
    formula: String.raw`L = -\frac{1}{E}\sum_{e=1}^{E}\sum_t R_e\,\log\pi_\theta(a_t\mid s_t)`,
    source: {
      paper:
        'Williams 1992, "Simple statistical gradient-following algorithms for connectionist RL"',
      implementation: 'Sutton & Barto 2018, ch. 13.3',
    },
  },
  'reinforce-baseline': {
    explanation:
      'Subtract a running average of past returns, so only better-than-usual episodes are reinforced. The gradient stays unbiased and gets less noisy.',
    formula: String.raw`L = -\frac{1}{E}\sum_{e}\sum_t (R_e - b)\log\pi_\theta(a_t\mid s_t),\quad b \leftarrow (1-\kappa) b + \kappa\,\bar R`,
    source: {
      paper: 'Sutton & Barto 2018, sec. 13.4',
      implementation:
        'this playground (EMA per task; a task not seen yet uses the EMA over all tasks)',
    },
  },
  'optimal-baseline': {
    explanation:
      'Use the baseline that minimises the variance of the gradient: an average of returns weighted by how strongly each episode moves the parameters.',
    formula: String.raw`b^* = \frac{\sum_i \lVert\nabla\log\pi(\tau_i)\rVert^2 R_i}{\sum_i \lVert\nabla\log\pi(\tau_i)\rVert^2}`,
    source: {
      paper: 'Weaver & Tao 2001; Greensmith et al. 2004; OBLR-PO',
      implementation: 'this playground (per group, or per batch when G = 1)',
    },
    notes: 'b* includes the episode itself, so it has an O(1/G) bias like the group mean.',
  },
  a2c: {
    explanation:
      'Learn a critic V(s) that predicts the return, and reinforce actions by how much better they did than predicted (n-step returns, GAE with lambda = 1). An entropy bonus keeps exploring.',
    formula: String.raw`A_t = \sum_{k\ge0}\gamma^k r_{t+k} - V(s_t),\quad L = -\frac1N\sum_t A_t\log\pi_\theta - c_H H + c_V (V - \hat R)^2`,
    source: {
      paper: 'Mnih et al. 2016, "Asynchronous Methods for Deep RL"',
      implementation:
        'Stable-Baselines3 A2C defaults (gamma .99, lambda 1, ent .01, vf .5, grad-norm .5, lr 7e-4)',
    },
    notes: 'Adam with eps 1e-5 instead of RMSprop.',
  },
  ppo: {
    explanation:
      'Reuse each batch for several passes, but clip the probability ratio so no single update moves the policy far from the one that collected the data.',
    formula: String.raw`\rho_t = \frac{\pi_\theta(a_t|s_t)}{\pi_{old}(a_t|s_t)},\quad L = \frac1N\sum_t ${clip}`,
    source: {
      paper: 'Schulman et al. 2017, "Proximal Policy Optimization Algorithms"',
      implementation:
        'CleanRL ppo.py: GAE(.99,.95), advantages whitened per minibatch, clip .2, 4 epochs x 4 minibatches, ent .01, vf .5 (clipped), grad-norm .5, Adam lr 2.5e-4 eps 1e-5',
    },
    notes:
      'Time-limit cuts are treated as terminations, as in CleanRL (override bootstrapTruncated).',
  },
  rloo: {
    explanation:
      'Roll out each task G times; each rollout is compared with the average of the other G-1. That baseline ignores the rollout itself, so the gradient stays unbiased.',
    formula: String.raw`A_i = R_i - \frac{1}{G-1}\sum_{j\ne i} R_j,\quad R_i \leftarrow R_i - \beta\sum_t (\log\pi_{old} - \log\pi_{ref})`,
    source: {
      paper:
        'Kool et al. 2019, "Buy 4 REINFORCE Samples, Get a Baseline for Free!"; Ahmadian et al. 2024',
      implementation: 'TRL RLOOTrainer (k1 KL in the reward, beta .05; G = 1 gives A = 0)',
    },
  },
  grpo: {
    explanation:
      'Roll out each task G times and score each rollout against its group: subtract the group mean and divide by the group std. No critic; PPO-style clipping.',
    formula: String.raw`${grpoAdv},\quad L = \frac1G\sum_i \frac{1}{|o_i|}\sum_t ${clip} + \beta\,k_3`,
    source: {
      paper: 'Shao et al. 2024, "DeepSeekMath"',
      implementation:
        'TRL GRPOTrainer: unbiased std, eps 1e-4, clip .2, beta 0 (TRL >= 0.19), k3 KL in the loss',
    },
  },
  'dr-grpo': {
    explanation:
      'GRPO without its two biases: no division by the group std (which over-weights easy or hopeless tasks) and no division by each episode length (which favours long failures).',
    formula: String.raw`A_i = R_i - \operatorname{mean}(R_{1..G}),\quad L = \frac{1}{G\,L_{max}}\sum_i\sum_t ${clip}`,
    source: {
      paper: 'Liu et al. 2025, "Understanding R1-Zero-Like Training: A Critical Perspective"',
      implementation: 'verl loss_agg_mode seq-mean-token-sum-norm (constant L_max)',
    },
  },
  dapo: {
    explanation:
      'GRPO with a higher upper clip (so unlikely good actions can grow), a token-level average, and groups where every rollout scored the same skipped.',
    formula: String.raw`L = \frac{1}{\sum_i |o_i|}\sum_i\sum_t ${clip},\ \epsilon_l = .2,\ \epsilon_h = .28`,
    source: {
      paper: 'Yu et al. 2025, "DAPO: An Open-Source LLM RL System at Scale"',
      implementation: 'verl DAPO recipe',
    },
    notes:
      'Overlong reward shaping is not modelled; dropped groups are not refilled by resampling.',
  },
  bnpo: {
    explanation:
      'For success/failure rewards: fit a Beta distribution to the tasks’ success rates and divide each advantage by its density, which adapts the normalisation as training moves on.',
    formula: String.raw`A_i = \frac{r_i - p_q}{f_{Beta}(p_q;\alpha,\beta)},\quad \alpha = \max(1+\tfrac{a}{3},1),\ \beta = \max(1+\tfrac{b}{3},1)`,
    source: {
      paper: 'Xiao et al. 2025, "BNPO: Beta Normalization Policy Optimization"',
      implementation: 'this playground',
    },
    notes:
      'The moment fit with the /3 shrinkage follows the rule written in estimators.md; the abstract gives no exact formula.',
  },
  gdpo: {
    explanation:
      'With several reward parts, normalise each part within its group first, then add them up, so one noisy part cannot drown the others.',
    formula: String.raw`A_i = \operatorname{z}_{batch}\Big(\sum_k w_k\,\operatorname{z}_{group}(R_{ik})\Big)`,
    source: {
      paper: 'GDPO: group reward-decoupled normalization policy optimization',
      implementation: 'this playground',
    },
    notes: 'eps 1e-4 in both z-scores; the batch z-score uses the unbiased std.',
  },
  remax: {
    explanation:
      'Use the return of the greedy (most likely) action sequence on the same task, with the same random numbers, as the baseline. One extra rollout, no critic.',
    formula: String.raw`A = R(\tau) - R(\tau_{greedy}),\quad L = -\frac1N\sum_i A_i\sum_t\log\pi_\theta(a_t|s_t)`,
    source: {
      paper: 'Li et al. 2023, "ReMax"',
      implementation: 'ReMax reference code (REINFORCE with a greedy baseline)',
    },
  },
  psr: {
    explanation:
      'Learn only from successes: every successful rollout is reinforced, failures are ignored.',
    formula: String.raw`A_i = \mathbb 1[\text{success}_i]`,
    source: {
      paper:
        'Zhu et al. 2025, "The Surprising Effectiveness of Negative Reinforcement in LLM Reasoning"',
      implementation: 'verl-based reference code',
    },
  },
  nsr: {
    explanation:
      'Learn only from failures: push probability away from failed rollouts, which spreads it over the other actions.',
    formula: String.raw`A_i = -\mathbb 1[\text{failure}_i]`,
    source: {
      paper:
        'Zhu et al. 2025, "The Surprising Effectiveness of Negative Reinforcement in LLM Reasoning"',
      implementation: 'verl-based reference code',
    },
  },
  'w-reinforce': {
    explanation:
      'Mostly negative reinforcement: failures count fully, successes only with a small weight lambda.',
    formula: String.raw`A_i = \lambda\,\mathbb 1[\text{success}_i] - \mathbb 1[\text{failure}_i],\ \lambda = 0.1`,
    source: {
      paper:
        'Zhu et al. 2025, "The Surprising Effectiveness of Negative Reinforcement in LLM Reasoning"',
      implementation: 'verl-based reference code',
    },
  },
  'clip-cov': {
    explanation:
      'Entropy collapses through steps where a likely action also has a high advantage. Clip-Cov stops the gradient of a few random such steps to keep the policy exploring.',
    formula: String.raw`\operatorname{cov}_t = (\log\pi_t - \overline{\log\pi})(A_t - \bar A),\ \text{detach a random } r\text{-fraction with } \operatorname{cov}_t \in (l, u)`,
    source: {
      paper: 'Cui et al. 2025, "The Entropy Mechanism of RL for Reasoning Language Models"',
      implementation: 'verl compute_policy_loss_clip_cov (lb 1, ub 5)',
    },
    notes:
      'Ratio 2% instead of the paper’s 2e-4 so that playground batches select any step at all.',
  },
  'kl-cov': {
    explanation:
      'Like Clip-Cov, but the highest-covariance steps get a KL penalty that holds them near the old policy instead of being cut out.',
    formula: String.raw`L_t = -\rho_t A_t + \mathbb 1[t\in\text{top-}k\ \operatorname{cov}]\ c\,\lvert\log\rho_t\rvert`,
    source: {
      paper: 'Cui et al. 2025, "The Entropy Mechanism of RL for Reasoning Language Models"',
      implementation: 'verl compute_policy_loss_kl_cov (coefficient 1)',
    },
    notes: 'Ratio 2% instead of the paper’s 2e-3 for the small playground batches.',
  },
  spo: {
    explanation:
      'One rollout per task: compare its result with a remembered success rate for that task, and pick tasks the policy solves about half the time.',
    formula: String.raw`A = \frac{r - \hat p(x) - \mu}{\sigma},\quad P(x) \propto \sqrt{\hat p(1-\hat p)} + 0.05`,
    source: {
      paper: 'Xu & Ding 2025, "Single-stream Policy Optimization"',
      implementation: 'this playground',
    },
    notes:
      'The tracker forgets with a fixed factor rho = 0.9; SPO adapts rho from the policy change.',
  },
  mdpo: {
    explanation:
      'Each update solves a small problem: improve the advantage-weighted ratio while paying 1/t times the KL to the previous policy, taking several gradient steps per batch.',
    formula: String.raw`L = -\rho_t A_t + \tfrac1t\big(\rho_t\log\rho_t - \rho_t + 1\big),\quad \pi_{k+1} \propto \pi_k e^{tA}\ \text{(tabular)}`,
    source: {
      paper: 'Tomar et al. 2022, "Mirror Descent Policy Optimization"',
      implementation: 'this playground',
    },
    notes:
      'EMA baseline instead of the paper’s critic; the per-sample KL estimate replaces the closed form.',
  },
  'natural-pg': {
    explanation:
      'Precondition the gradient by the inverse Fisher matrix, so steps are measured by how much the policy changes rather than how much the parameters change.',
    formula: String.raw`\Delta z_s = -\eta\,(d_s F_s + \lambda I)^{-1} g_s,\quad F_s = \operatorname{diag}(\pi_s) - \pi_s\pi_s^\top`,
    source: {
      paper: 'Kakade 2001, "A Natural Policy Gradient"',
      implementation: 'this playground (exact per-state Fisher)',
    },
  },
  'entropy-pg': {
    explanation:
      'REINFORCE with a bonus for keeping the policy random, which slows premature commitment to one action.',
    formula: String.raw`L = -\frac1N\sum_t (R-b)\log\pi_\theta(a_t|s_t) - c_H\,\frac1N\sum_t H(\pi(\cdot|s_t))`,
    source: {
      paper: 'Williams & Peng 1991, "Function optimization using connectionist RL algorithms"',
      implementation:
        'this playground (c_H = 0.05, larger than A3C’s 0.01 so the effect shows on bandits)',
    },
  },
};

export const PRESET_CARDS: Record<PresetName, PresetCard> = Object.fromEntries(
  (Object.keys(TEXT) as PresetName[]).map((name) => [
    name,
    { name, label: PRESET_LABELS[name], ...TEXT[name], needs: estimatorNeeds(PRESETS[name]) },
  ]),
) as Record<PresetName, PresetCard>;

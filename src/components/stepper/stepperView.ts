import type { ExplainedEpisode, UpdateExplanation } from '../../core/train/updateExplanation';

/**
 * What the step-by-step view shows, computed from an UpdateExplanation: formatting, compact
 * episode summaries, and the rows of the gradient and policy tables. Pure, so it is tested here.
 */

/** A number with `digits` decimals and a real minus sign; values that round to 0 show as 0. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '–' : x > 0 ? '∞' : '−∞';
  const s = x.toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** Signed, for changes: +0.125, −0.042. */
export function fmtSigned(x: number, digits = 3): string {
  const s = fmt(x, digits);
  return Number(x.toFixed(digits)) > 0 ? `+${s}` : s;
}

/** Rewards of an episode as text: every one when short, else their sum and the non-zero ones. */
export function rewardsText(ep: ExplainedEpisode, maxListed = 6): string {
  const r = ep.steps.map((s) => s.reward);
  if (r.length <= maxListed) return r.map((v) => fmt(v, v === Math.round(v) ? 0 : 2)).join(', ');
  const nonzero = r.map((v, t) => [v, t] as const).filter(([v]) => v !== 0);
  const sum = r.reduce((a, b) => a + b, 0);
  const listed = nonzero
    .slice(0, 3)
    .map(([v, t]) => `${fmt(v, v === Math.round(v) ? 0 : 2)} at t=${t}`)
    .join(', ');
  const more = nonzero.length > 3 ? ', …' : '';
  return `Σ ${fmt(sum, 2)}${nonzero.length ? ` (${listed}${more})` : ' (all 0)'}${ep.hiddenSteps ? ` + ${ep.hiddenSteps} steps not shown` : ''}`;
}

/** The actions of an episode as their labels (arrows for gridworlds), shortened when long. */
export function actionsText(
  ep: ExplainedEpisode,
  labels: readonly string[],
  maxShown = 24,
): string {
  const names = ep.steps.map((s) => labels[s.action] ?? String(s.action));
  const short = names.every((n) => n.length === 1);
  const sep = short ? '' : ', ';
  const shown = names.slice(0, maxShown).join(sep);
  const rest = ep.length - Math.min(maxShown, names.length);
  return rest > 0 ? `${shown}… (+${rest})` : shown;
}

/** Stages 1-4 share one episode table that gains a column per stage. */
export type EpisodeColumns = 'episodes' | 'returns' | 'baseline' | 'advantages';
const COLUMN_ORDER: EpisodeColumns[] = ['episodes', 'returns', 'baseline', 'advantages'];

/** Whether the table of stage `upTo` shows the column introduced at stage `c`. */
export const showsColumn = (upTo: EpisodeColumns, c: EpisodeColumns) =>
  COLUMN_ORDER.indexOf(c) <= COLUMN_ORDER.indexOf(upTo);

export type StepKey = 'target' | 'baseline' | 'unnormalisedAdvantage' | 'advantage' | 'weight';

/** True when a per-step quantity differs between the steps of an episode. */
export function variesWithinEpisode(ep: ExplainedEpisode, key: StepKey): boolean {
  return ep.steps.some((s) => Math.abs(s[key] - ep.steps[0][key]) > 1e-9);
}

/** The first step's value of a per-step quantity (the whole episode's when it does not vary). */
export const firstStep = (ep: ExplainedEpisode, key: StepKey): number =>
  ep.steps.length ? ep.steps[0][key] : NaN;

/** At most this many states in the gradient and policy tables (the rest are counted). */
export const MAX_SHOWN_STATES = 12;

export interface StateRows {
  /** States shown: the visited ones, in index order, at most MAX_SHOWN_STATES. */
  readonly states: readonly number[];
  readonly hiddenStates: number;
}

export function shownStates(x: UpdateExplanation): StateRows {
  const states = x.visitedStates.slice(0, MAX_SHOWN_STATES);
  return { states, hiddenStates: x.visitedStates.length - states.length };
}

/**
 * How often each (state, action) was taken in the listed episodes, [S * A]; only in the episodes
 * `among` when given (one optimiser step's minibatch).
 */
export function actionCounts(x: UpdateExplanation, among?: readonly number[]): number[] {
  const counts = new Array<number>(x.numStates * x.numActions).fill(0);
  for (const ep of x.episodes)
    if (!among || among.includes(ep.index))
      for (const s of ep.steps) counts[s.state * x.numActions + s.action]++;
  return counts;
}

/** Sum of a table's entries over the actions of state s (policy: 1; gradient: 0). */
export function rowSum(table: readonly number[], s: number, numActions: number): number {
  let sum = 0;
  for (let a = 0; a < numActions; a++) sum += table[s * numActions + a];
  return sum;
}

/** Largest |value| of a table over the shown states (the scale of its bars), at least tiny. */
export function maxAbs(table: readonly number[], states: readonly number[], numActions: number) {
  let m = 1e-12;
  for (const s of states)
    for (let a = 0; a < numActions; a++) m = Math.max(m, Math.abs(table[s * numActions + a]));
  return m;
}

/** An aggregation weight as the fraction it is (1/32), else as a decimal. */
export function fmtWeight(w: number): string {
  if (w > 0) {
    const n = Math.round(1 / w);
    if (n > 1 && Math.abs(1 / w - n) < 1e-3 * n) return `1/${n}`;
  }
  return fmt(w, 4);
}

/**
 * The vanilla gradient split into its two pushes, per logit z[s, a]:
 *   up[s, a]   = sum of w_t A_t over the steps that took a in s,
 *   down[s, a] = -pi_old(a|s) * sum of w_t A_t over all steps in s,
 * so that g = up + down. Returned only when it reproduces the recorded gradient (one optimiser
 * step, every episode and step listed, no entropy or KL term, no clipping of the ratio):
 * otherwise the split would be a wrong story.
 */
export function gradientParts(x: UpdateExplanation): { up: number[]; down: number[] } | null {
  if (x.passes.length !== 1 || x.hiddenEpisodes > 0 || x.episodes.some((e) => e.hiddenSteps))
    return null;
  const A = x.numActions;
  const up = new Array<number>(x.numStates * A).fill(0);
  const total = new Array<number>(x.numStates).fill(0);
  for (const ep of x.episodes)
    for (const s of ep.steps) {
      up[s.state * A + s.action] += s.weight * s.advantage;
      total[s.state] += s.weight * s.advantage;
    }
  const down = x.policyBefore.map((p, j) => -p * total[Math.floor(j / A)]);
  const g = x.passes[0].gradient;
  const fits = g.every((v, j) => Math.abs(up[j] + down[j] - v) <= 1e-6 * Math.max(1, Math.abs(v)));
  return fits ? { up, down } : null;
}

/**
 * Several states with few actions (gridworlds): a row per state and a column per action, so a
 * dozen states fit on a projected screen. One state (bandits) or many actions: a row per action.
 */
export const wideLayout = (x: UpdateExplanation): boolean => x.numStates > 1 && x.numActions <= 6;

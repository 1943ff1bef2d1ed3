import { create } from 'zustand';
import type { UpdateExplanation } from '../core/train/updateExplanation';

/** The stages a teacher walks through, in order (the step-by-step view's Next / Back). */
export const STAGES = [
  'episodes',
  'returns',
  'baseline',
  'advantages',
  'gradient',
  'policy',
] as const;
export type Stage = (typeof STAGES)[number];

/** The step-by-step view of one update: open or not, which run, the worker's answer, the stage. */
export interface ExplanationStore {
  readonly open: boolean;
  /** Id of the run being explained. */
  readonly runId: string | null;
  /** Waiting for the worker's answer. */
  readonly pending: boolean;
  readonly explanation: UpdateExplanation | null;
  /** Why the worker could not explain (empty when it could). */
  readonly problem: string;
  /** Index into STAGES. */
  readonly stage: number;
  /** A request went out: open the view on its first stage. */
  requested(runId: string): void;
  received(runId: string, explanation: UpdateExplanation | null, problem: string): void;
  setStage(stage: number): void;
  close(): void;
}

export const useExplanation = create<ExplanationStore>((set) => ({
  open: false,
  runId: null,
  pending: false,
  explanation: null,
  problem: '',
  stage: 0,
  requested: (runId) => set({ open: true, runId, pending: true, problem: '' }),
  received: (runId, explanation, problem) =>
    set((s) =>
      // An answer for a run the view no longer shows is stale: keep what is on screen.
      s.runId !== runId ? s : { pending: false, explanation, problem, stage: 0 },
    ),
  setStage: (stage) => set({ stage: Math.max(0, Math.min(STAGES.length - 1, Math.round(stage))) }),
  close: () => set({ open: false, pending: false }),
}));

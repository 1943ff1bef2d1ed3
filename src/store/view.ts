import { create } from 'zustand';
import type { StepperLink } from '../core/experiment/viewCodec';
import { defaultMicroscopeSettings, type MicroscopeSettings } from '../core/microscope/settings';

export type Tab = 'train' | 'lessons' | 'estimators' | 'microscope' | 'play';

/**
 * Which view is open and the microscope's settings: kept outside the components so a link can
 * set them before the app renders (urlSync.ts) and the views' Copy link buttons can read them.
 */
export interface ViewStore {
  readonly tab: Tab;
  readonly microscope: MicroscopeSettings;
  /** What the microscope's frozen policy is, in words ("uniform", "Run 1's current policy"). */
  readonly policyLabel: string;
  /** A stepper link waiting for the training worker: train to this update and explain it. */
  readonly pendingStepper: StepperLink | null;
  setTab(tab: Tab): void;
  setMicroscope(patch: Partial<MicroscopeSettings>, policyLabel?: string): void;
  setPendingStepper(link: StepperLink | null): void;
}

export const useView = create<ViewStore>((set) => ({
  tab: 'train',
  microscope: defaultMicroscopeSettings(),
  policyLabel: 'the default policy',
  pendingStepper: null,
  setTab: (tab) => set({ tab }),
  setMicroscope: (patch, policyLabel) =>
    set((s) => ({
      microscope: { ...s.microscope, ...patch },
      policyLabel: policyLabel ?? s.policyLabel,
    })),
  setPendingStepper: (pendingStepper) => set({ pendingStepper }),
}));

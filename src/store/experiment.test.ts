import { beforeEach, describe, expect, it } from 'vitest';
import { decodeExperiment } from '../core/experiment/urlCodec';
import { defaultExperiment } from '../core/experiment/schema';
import { lacksGroups, useExperiment } from './experiment';

describe('a link with a group estimator but no group size', () => {
  beforeEach(() => useExperiment.getState().replace(defaultExperiment()));

  it('lacks groups until enableGroups sets G = 8 and rounds episode counts up to multiples of 8', () => {
    const { experiment } = decodeExperiment('v=1&run1=grpo&episodes=20&run1.episodes=12');
    useExperiment.getState().replace(experiment);
    expect(lacksGroups(useExperiment.getState().experiment)).toBe(true);
    useExperiment.getState().enableGroups();
    const x = useExperiment.getState().experiment;
    expect(lacksGroups(x)).toBe(false);
    expect([x.groupSize, x.episodesPerUpdate, x.runs[0].episodesPerUpdate]).toEqual([8, 24, 16]);
  });

  it('leaves an experiment without group estimators, or with G >= 2, as it is', () => {
    const plain = defaultExperiment();
    expect(lacksGroups(plain)).toBe(false);
    useExperiment.getState().enableGroups();
    expect(useExperiment.getState().experiment).toEqual(plain);
    const { experiment } = decodeExperiment('v=1&run1=grpo&group=4');
    expect(lacksGroups(experiment)).toBe(false);
  });
});

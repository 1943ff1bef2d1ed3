import { afterEach, describe, expect, it } from 'vitest';
import type { MetricFrame } from '../workers/protocol';
import { useTraining } from './training';

/** A frame of `rows` updates for runs a and b with columns [update, meanReturn]. */
function frame(data: number[], policyTrace: number[], extra: Partial<MetricFrame> = {}) {
  const rows = data.length / 4;
  return {
    type: 'frame',
    runIds: ['a', 'b'],
    columns: ['update', 'meanReturn'],
    rows,
    data: Float64Array.from(data),
    policies: [null, null],
    numStates: 1,
    numActions: 3,
    runStatus: [
      { status: 'training', divergedAt: -1, reason: '' },
      { status: 'training', divergedAt: -1, reason: '' },
    ],
    histograms: new Float32Array(0),
    histogramEdges: null,
    episodes: [null, null],
    taskWeights: [null, null],
    policyTraceWidth: 3,
    policyTrace: Float32Array.from(policyTrace),
    startPolicies: null,
    ...extra,
  } satisfies MetricFrame;
}

describe('training store: per-update policy trace', () => {
  afterEach(() => useTraining.getState().reset());

  it('keeps each run its own rows of π after every update, and the start policy', () => {
    const third = 1 / 3;
    useTraining.getState().ingestFrame(
      frame(
        // row 1: a (update 1, R 0.5), b (update 1, R 0.2); row 2: a, b at update 2
        [1, 0.5, 1, 0.2, 2, 0.6, 2, 0.3],
        // [rows x runs x 3]
        [0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.1, 0.3, 0.6, 0.0, 0.1, 0.9],
        {
          startPolicies: [Float32Array.of(third, third, third), Float32Array.of(0.5, 0.25, 0.25)],
        },
      ),
    );
    const { a, b } = useTraining.getState().series;
    expect(a.length).toBe(2);
    expect(a.policyWidth).toBe(3);
    expect(Array.from(a.policyTrace.subarray(0, 6))).toEqual(
      Array.from(Float32Array.of(0.2, 0.3, 0.5, 0.1, 0.3, 0.6)),
    );
    expect(Array.from(b.policyTrace.subarray(0, 6))).toEqual(
      Array.from(Float32Array.of(0.1, 0.1, 0.8, 0.0, 0.1, 0.9)),
    );
    expect(Array.from(b.policyStart!)).toEqual(Array.from(Float32Array.of(0.5, 0.25, 0.25)));
    // A later frame without start policies keeps the start and appends.
    useTraining.getState().ingestFrame(frame([3, 0.7, 3, 0.4], [0, 0, 1, 0, 1, 0]));
    const a2 = useTraining.getState().series.a;
    expect(a2.length).toBe(3);
    expect(Array.from(a2.policyTrace.subarray(6, 9))).toEqual([0, 0, 1]);
    expect(a2.policyStart![0]).toBeCloseTo(third, 6);
  });

  it('skips a diverged run’s NaN rows in the metrics and the trace alike', () => {
    useTraining
      .getState()
      .ingestFrame(
        frame([1, 0.5, NaN, NaN, 2, 0.6, NaN, NaN], [1, 0, 0, 9, 9, 9, 0, 1, 0, 9, 9, 9]),
      );
    const { a, b } = useTraining.getState().series;
    expect(b.length).toBe(0);
    expect(a.length).toBe(2);
    expect(Array.from(a.policyTrace.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]);
  });
});

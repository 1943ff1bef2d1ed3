import { describe, expect, it } from 'vitest';
import { exportResults, importResults, metricsToCsv } from './results';
import { defaultExperiment } from './schema';

const experiment = defaultExperiment();
experiment.runs[1].label = 'baseline, "EMA"';
const runs = [
  {
    id: 'run-1',
    columns: ['update', 'meanReturn', 'entropy'],
    rows: [
      [0, 0.4, 2.3],
      [1, 0.5, NaN],
    ],
  },
  { id: 'run-2', columns: ['update', 'meanReturn'], rows: [[0, 0.45]] },
];
const createdAt = new Date('2025-01-02T03:04:05.000Z');

describe('results files', () => {
  it('round-trips config and metrics (NaN through null)', () => {
    const json = exportResults({ experiment, runs, backend: 'wasm', createdAt });
    expect(json).toContain('null');
    const r = importResults(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.results.experiment).toEqual(experiment);
    expect(r.results.runs).toEqual(runs);
    expect(r.results).toMatchObject({
      format: 'pg-playground-results',
      version: 1,
      backend: 'wasm',
    });
    expect(r.results.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(exportResults({ ...r.results, createdAt })).toBe(json);
  });

  it('rejects malformed files with named problems', () => {
    const good = JSON.parse(exportResults({ experiment, runs, backend: 'cpu', createdAt }));
    const cases: [unknown, RegExp][] = [
      [{ ...good, format: 'other' }, /^format: /],
      [{ ...good, version: 9 }, /^version: is newer/],
      [
        { ...good, runs: [{ ...good.runs[0], rows: [[1, 2]] }] },
        /^runs\.0\.rows\.0: has 2 values, expected 3/,
      ],
      [{ ...good, runs: [{ ...good.runs[0], id: 'ghost' }] }, /^runs\.0\.id: "ghost" is not a run/],
      [
        { ...good, experiment: { ...good.experiment, episodesPerUpdate: -1 } },
        /^experiment\.episodesPerUpdate: /,
      ],
      [{ ...good, createdAt: 'yesterday' }, /^createdAt: /],
    ];
    for (const [file, problem] of cases) {
      const r = importResults(JSON.stringify(file));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toContainEqual(expect.stringMatching(problem));
    }
    const notJson = importResults('{"format":');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.problems[0]).toMatch(/^not JSON/);
  });

  it('writes a long-format CSV: header, then one row per run per update', () => {
    const csv = metricsToCsv({ experiment, runs });
    expect(csv.split('\n')).toEqual([
      'run,label,preset,seed,update,meanReturn,entropy',
      'run-1,REINFORCE,reinforce,1,0,0.4,2.3',
      'run-1,REINFORCE,reinforce,1,1,0.5,',
      'run-2,"baseline, ""EMA""",reinforce-baseline,1,0,0.45,',
      '',
    ]);
  });

  it('keeps spreadsheet formulas in labels as text', () => {
    const x = defaultExperiment();
    x.runs[0].label = '=HYPERLINK("http://x")';
    const csv = metricsToCsv({
      experiment: x,
      runs: [{ id: 'run-1', columns: ['u'], rows: [[0]] }],
    });
    expect(csv.split('\n')[1]).toBe(`run-1,"'=HYPERLINK(""http://x"")",reinforce,1,0`);
  });
});

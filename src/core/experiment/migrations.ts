import { EXPERIMENT_VERSION } from './schema';

/**
 * Old links keep opening: each migration rewrites the key=value pairs of one URL version into the
 * next, before the codec reads them (so the codec only ever knows the current keys). A link says
 * its version with `v=<n>`; a link without `v` is read as the current version.
 *
 * To change the URL format: bump EXPERIMENT_VERSION, add a migration from the previous version
 * here, and a case to migrations.test.ts with a link written in the old format.
 */

export type Pair = readonly [key: string, value: string];

export interface Migration {
  /** Version read; the migration produces version from + 1. */
  readonly from: number;
  /** What changed, for the notice shown when an old link is opened. */
  readonly describe: string;
  migrate(pairs: readonly Pair[]): Pair[];
}

/**
 * v0: the keys of the pre-schema draft (ExperimentDraft in src/store/experiment.ts), used by
 * development builds. v1 shortened them and made a run's preset the value of its own key.
 */
const V0_RENAMES: Readonly<Record<string, string>> = {
  armProbabilities: 'arms',
  hiddenUnits: 'hidden',
  episodesPerUpdate: 'episodes',
  maxUpdates: 'updates',
  updatesPerSecond: 'speed',
};

const v0ToV1: Migration = {
  from: 0,
  describe: 'v0 draft keys renamed (armProbabilities -> arms, runN.preset -> runN, ...)',
  migrate: (pairs) =>
    pairs.map(([key, value]): Pair => {
      if (key === 'updatesPerSecond') return ['speed', value === 'null' ? 'max' : value];
      if (Object.prototype.hasOwnProperty.call(V0_RENAMES, key)) return [V0_RENAMES[key], value];
      const run = /^run(\d+)\.preset$/.exec(key);
      if (run) return [`run${run[1]}`, value];
      return [key, value];
    }),
};

export const MIGRATIONS: readonly Migration[] = [v0ToV1];

/**
 * Pairs of a link of version `from` (< EXPERIMENT_VERSION) rewritten to the current version, with
 * one notice saying so. A version with no migration path is read as is, with a notice.
 */
export function migratePairs(
  pairs: readonly Pair[],
  from: number,
): { pairs: Pair[]; notices: string[] } {
  let out = [...pairs];
  const steps: string[] = [];
  for (let v = from; v < EXPERIMENT_VERSION; v++) {
    const m = MIGRATIONS.find((x) => x.from === v);
    if (!m)
      return {
        pairs: out,
        notices: [
          `v=${from}: no upgrade from this link version to v${EXPERIMENT_VERSION}; read as v${EXPERIMENT_VERSION}`,
        ],
      };
    out = m.migrate(out);
    steps.push(m.describe);
  }
  return {
    pairs: out,
    notices: steps.length
      ? [
          `link from an older version (v${from}) upgraded to v${EXPERIMENT_VERSION}: ${steps.join('; ')}`,
        ]
      : [],
  };
}

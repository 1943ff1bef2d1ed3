import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { groupMeanAbsAdvantage } from '../core/metrics/taskWeights';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { useRunColors } from './useRunColors';
import { useStaggeredVersion } from './useStaggeredVersion';

const fmt = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
/** One marker shape per run, so runs stay apart in greyscale too. */
const SHAPES = ['circle', 'triangle', 'square', 'diamond', 'star', 'cross', 'wye'] as const;

interface TaskPoint {
  readonly p: number;
  readonly weight: number;
  readonly task: number;
  readonly episodes: number;
  readonly run: string;
}

/** The reference curves at 101 success rates: 2p(1-p) and GRPO's 2 sqrt(p(1-p)(G-1)/G). */
function theory(groupSize: number) {
  const G = Math.max(2, groupSize);
  return Array.from({ length: 101 }, (_, k) => {
    const p = k / 100;
    return {
      p,
      std: groupMeanAbsAdvantage(p, 'std', G, 1),
      none: groupMeanAbsAdvantage(p, 'none'),
    };
  });
}

function TaskTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}) {
  const point = payload?.[0]?.payload as TaskPoint | undefined;
  if (!active || !point || point.task === undefined) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.run}</strong>
      <br />
      task {point.task + 1}: success {fmt.format(point.p)} over {point.episodes} episodes
      <br />
      mean |A| {fmt.format(point.weight)}
    </div>
  );
}

/**
 * How much weight each task gets (metrics/taskWeights): one dot per task of the latest update,
 * its success rate against its mean |A|, per run, over the two curves a group of 0/1 rewards
 * follows with and without std normalisation. Multi-task Bernoulli bandits only.
 */
export const TaskWeightChart = memo(function TaskWeightChart() {
  const version = useStaggeredVersion();
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const groupSize = useExperiment((s) => s.experiment.groupSize);
  const curves = useMemo(() => theory(groupSize), [groupSize]);
  const points = useMemo(() => {
    void version;
    const weights = useTraining.getState().taskWeights;
    return runs.map((run) => {
      const w = run.hidden ? null : weights[run.id];
      if (!w) return [];
      return Array.from(w.tasks, (task, j): TaskPoint => ({
        p: w.successRate[j],
        weight: w.meanAbsAdvantage[j],
        task,
        episodes: w.episodes[j],
        run: run.label,
      }));
    });
  }, [runs, version]);
  const total = points.reduce((n, p) => n + p.length, 0);
  return (
    <figure className="chart" data-testid="chart-taskWeights" data-points={total}>
      <figcaption>
        <strong>Task weights: mean |advantage| against success rate</strong>{' '}
        <span className="chart-help">
          {total
            ? `One dot per task of the latest update. Lines: a group of G = ${groupSize} with success fraction p, with and without dividing by its std.`
            : 'Appears after the first update on a multi-task Bernoulli bandit (Environment: suite).'}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis
            dataKey="p"
            type="number"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={(v: number) => fmt.format(v)}
            label={{
              value: 'task success rate p in the update',
              position: 'insideBottom',
              offset: -12,
            }}
          />
          <YAxis
            type="number"
            width={56}
            domain={[0, 'auto']}
            tickFormatter={(v: number) => fmt.format(v)}
            label={{
              value: 'mean |A| per step',
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip content={<TaskTooltip />} cursor={{ strokeDasharray: '3 3' }} />
          <Legend
            verticalAlign="top"
            wrapperStyle={{ fontSize: 13, paddingBottom: 4 }}
            // Runs first, in their order; then the two reference curves.
            itemSorter={(item) => (item.type === 'line' ? 1 : 0)}
          />
          <Line
            data={curves}
            dataKey="std"
            name={`2√(p(1−p)(G−1)/G): std-normalised (GRPO)`}
            stroke="#555"
            strokeDasharray="6 4"
            strokeWidth={2}
            dot={false}
            activeDot={false}
            legendType="line"
            tooltipType="none"
            isAnimationActive={false}
          />
          <Line
            data={curves}
            dataKey="none"
            name="2p(1−p): no std (Dr. GRPO)"
            stroke="#555"
            strokeDasharray="2 3"
            strokeWidth={2}
            dot={false}
            activeDot={false}
            legendType="line"
            tooltipType="none"
            isAnimationActive={false}
          />
          {runs.map((r, i) =>
            r.hidden ? null : (
              <Scatter
                key={r.id}
                name={r.label}
                data={points[i]}
                dataKey="weight"
                fill={colors[i]}
                fillOpacity={0.75}
                shape={SHAPES[i % SHAPES.length]}
                legendType={SHAPES[i % SHAPES.length]}
                isAnimationActive={false}
              />
            ),
          )}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
});

import { useMemo, useState } from 'react';
import { evaluatePolicy, gridModel } from '../core/envs/exact';
import { resolveGridMap, type Experiment, type GridworldEnv } from '../core/experiment/schema';
import type { EpisodeTrace, TraceFrame } from '../core/train/episodeTrace';
import { envConfigOf } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { ArmsView } from './ArmsView';
import { useRunColors } from './useRunColors';
import { applyGridEdit } from './EnvControls';
import {
  EpisodeReplay,
  Game2048Board,
  Game2048Play,
  GridEditor,
  GridworldPlay,
  GridworldView,
  SokobanBoard,
  SokobanPlay,
} from './envs';
import { useVisible } from './Controls';

/** Which run the environment views show. */
function RunPicker({ value, onChange }: { value: string; onChange(id: string): void }) {
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  return (
    <label className="inline run-picker">
      Show run{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="view-run">
        {runs.map((r, i) => (
          <option key={r.id} value={r.id} style={{ color: colors[i] }}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function useSelectedRun(): [string, (id: string) => void] {
  const runs = useExperiment((s) => s.experiment.runs);
  const [picked, setPicked] = useState(runs[0]?.id ?? '');
  const id = runs.some((r) => r.id === picked) ? picked : (runs[0]?.id ?? '');
  return [id, setPicked];
}

function endText(f: TraceFrame): string {
  if (f.end === 'playing') return '';
  if (f.success) return ' · reached the goal';
  return f.end === 'terminated' ? ' · episode over' : ' · time limit';
}

function FrameCaption({ frame, label }: { frame: TraceFrame; label?: string }) {
  return (
    <p className="frame-caption">
      {label ? `${label} · ` : ''}step {frame.step} · reward {frame.reward.toFixed(2)} · return{' '}
      {frame.ret.toFixed(2)}
      {endText(frame)}
    </p>
  );
}

/** The environment panel of the workspace: what the agents see and do, per family. */
export function EnvPanel() {
  const x = useExperiment((s) => s.experiment);
  switch (x.env.family) {
    case 'bandit':
      return <ArmsView env={x.env} />;
    case 'gridworld':
      return <GridPanel env={x.env} />;
    case '2048':
    case 'sokoban':
      return <ReplayPanel experiment={x} />;
  }
}

function GridPanel({ env }: { env: GridworldEnv }) {
  const [runId, setRunId] = useSelectedRun();
  const policies = useTraining((s) => s.policies);
  const episode = useTraining((s) => s.episodes[runId]);
  const workerState = useTraining((s) => s.workerState);
  const showMap = useVisible('map');
  const map = resolveGridMap(env.map);
  const policy = policies[runId] ?? null;
  // Exact values of the run's current policy (policy evaluation over the time limit).
  const values = useMemo(() => {
    if (!policy || policy.some((p) => !Number.isFinite(p))) return undefined;
    try {
      return evaluatePolicy(gridModel(map), policy).V;
    } catch {
      return undefined;
    }
  }, [policy, map]);
  const path = episode?.frames.map((f) => f.cell ?? 0);
  return (
    <section className="env-panel" aria-label="Gridworld" data-testid="grid-panel">
      <div className="env-panel-head">
        <h2>Gridworld</h2>
        <RunPicker value={runId} onChange={setRunId} />
      </div>
      <p className="chart-help">
        Colours: the exact value V(s) of the run&apos;s current policy. Arrows: its action
        probabilities. Line: its latest episode.
      </p>
      <div className="env-panel-body">
        <GridworldView
          map={map}
          values={values}
          valuesLabel="V(s) of the current policy"
          policy={policy ?? undefined}
          path={path}
          label="Gridworld with the selected run's policy"
        />
        {showMap && (
          <div className="editor-box">
            <h3>Edit the map</h3>
            <GridEditor map={map} onChange={applyGridEdit} />
            {(workerState === 'running' || workerState === 'paused') && (
              <p className="chart-help">Edits apply to the running agents immediately.</p>
            )}
          </div>
        )}
      </div>
      {episode && <Replay trace={episode} family="gridworld" mapEnv={env} />}
    </section>
  );
}

function Replay({
  trace,
  family,
  mapEnv,
}: {
  trace: EpisodeTrace;
  family: string;
  mapEnv?: GridworldEnv;
}) {
  const map = mapEnv ? resolveGridMap(mapEnv.map) : null;
  return (
    <div className="replay" data-testid="replay">
      <h3>Latest episode</h3>
      <EpisodeReplay
        key={trace.frames.length + ':' + trace.frames[trace.frames.length - 1].ret}
        frames={trace.frames}
        label="Latest episode of the selected run"
        render={(f) => (
          <div>
            {family === 'gridworld' && map && (
              <GridworldView map={map} agentCell={f.cell} cellSize={36} label="Replay" />
            )}
            {family === '2048' && f.exponents && (
              <Game2048Board exponents={f.exponents} score={f.score} />
            )}
            {family === 'sokoban' && f.text && <SokobanBoard text={f.text} />}
            <FrameCaption frame={f} />
          </div>
        )}
      />
    </div>
  );
}

function ReplayPanel({ experiment }: { experiment: Experiment }) {
  const [runId, setRunId] = useSelectedRun();
  const episode = useTraining((s) => s.episodes[runId]);
  const family = experiment.env.family;
  return (
    <section className="env-panel" aria-label={family} data-testid="replay-panel">
      <div className="env-panel-head">
        <h2>{family === '2048' ? '2048' : 'Sokoban'}</h2>
        <RunPicker value={runId} onChange={setRunId} />
      </div>
      {episode ? (
        <Replay trace={episode} family={family} />
      ) : (
        <p className="chart-help">
          Start training: the latest episode of the selected run appears here, to replay step by
          step.
        </p>
      )}
    </section>
  );
}

/** Human play: the current environment, with the keyboard. */
export function PlayPanel() {
  const env = useExperiment((s) => s.experiment.env);
  const config = useMemo(() => envConfigOf(env), [env]);
  return (
    <section
      className="play-panel"
      aria-label="Play the environment yourself"
      data-testid="play-panel"
    >
      <h2>Play it yourself</h2>
      {config.family === 'gridworld' && <GridworldPlay map={config.map} seed={1} />}
      {config.family === '2048' && <Game2048Play params={config.params} seed={1} />}
      {config.family === 'sokoban' && (
        <SokobanPlay
          levels={config.levels}
          maxSteps={config.maxSteps}
          deadlockTermination={config.deadlockTermination}
        />
      )}
      {(config.family === 'bandit' || config.family === 'bandit-two-reward') && (
        <p>
          Bandits have nothing to steer: choose a gridworld, 2048 or Sokoban to play with the
          keyboard.
        </p>
      )}
    </section>
  );
}

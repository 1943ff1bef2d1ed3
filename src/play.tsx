/**
 * Dev-only page showing every env view with sample data (open /play.html under `npx vite`):
 * boards, replays of random-policy episodes, human play and the map editor. Not part of the
 * built app; the components are mounted in the main app separately.
 */
import { StrictMode, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { evaluatePolicy, gridModel, valueIteration } from './core/envs/exact';
import {
  GRID_PRESETS,
  GRID_PRESET_NAMES,
  type GridMap,
  type GridPresetName,
} from './core/envs/gridworld';
import { SOKOBAN_TEACHING_LEVELS } from './core/envs/sokobanLevels';
import {
  EpisodeReplay,
  Game2048Board,
  Game2048Play,
  GridEditor,
  GridworldPlay,
  GridworldView,
  record2048Episode,
  recordGridEpisode,
  recordSokobanEpisode,
  SokobanBoard,
  SokobanPlay,
} from './components/envs';
import './styles.css';

/** One-hot rows of the optimal first action: the greedy policy as pi[s, a]. */
function greedyPolicy(greedy: Int32Array): Float64Array {
  const pi = new Float64Array(greedy.length * 4);
  greedy.forEach((a, s) => (pi[s * 4 + a] = 1));
  return pi;
}

/** A softer policy for the arrows' length and opacity: 0.7 on the greedy action, 0.1 elsewhere. */
function mostlyGreedy(greedy: Int32Array): Float64Array {
  const pi = new Float64Array(greedy.length * 4).fill(0.1);
  greedy.forEach((a, s) => (pi[s * 4 + a] = 0.7));
  return pi;
}

function Section({ title, children, note }: { title: string; children: ReactNode; note?: string }) {
  return (
    <section className="demo-section">
      <h2>{title}</h2>
      {note && <p className="chart-help">{note}</p>}
      <div className="demo-row">{children}</div>
    </section>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="demo-card">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

function Boards() {
  const lake = GRID_PRESETS.frozenlake4x4;
  const lakeOpt = useMemo(() => valueIteration(gridModel(lake)), [lake]);
  const cliff = GRID_PRESETS.cliffwalking;
  const cliffOpt = useMemo(() => valueIteration(gridModel(cliff)), [cliff]);
  const cliffPath = useMemo(() => recordGridEpisode(cliff, 3).map((f) => f.cell), [cliff]);
  const big = GRID_PRESETS.frozenlake8x8;
  const uniform = useMemo(() => new Float64Array(64 * 4).fill(0.25), []);
  const bigUniform = useMemo(() => evaluatePolicy(gridModel(big), uniform), [big, uniform]);
  const two = GRID_PRESETS.twogoals;
  const twoOpt = useMemo(() => valueIteration(gridModel(two)), [two]);
  const sample2048 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 13, 0, 1];
  return (
    <Section
      title="Boards"
      note="Presentational components: everything comes from props (map, values, policy, path, agent)."
    >
      <Card
        title={`FrozenLake 4x4: V* and greedy policy (success ${lakeOpt.successProb.toFixed(2)})`}
      >
        <GridworldView
          map={lake}
          values={lakeOpt.V}
          valuesLabel="V*(s)"
          policy={greedyPolicy(lakeOpt.greedy)}
          agentCell={0}
        />
      </Card>
      <Card title="Two goals: V* and a mostly-greedy policy (0.7 / 0.1)">
        <GridworldView
          map={two}
          values={twoOpt.V}
          valuesLabel="V*(s)"
          policy={mostlyGreedy(twoOpt.greedy)}
        />
      </Card>
      <Card title="FrozenLake 8x8: values of the uniform policy">
        <GridworldView map={big} values={bigUniform.V} valuesLabel="V^π(s)" policy={uniform} />
      </Card>
      <Card title="CliffWalking: V*, greedy policy and a random episode's path">
        <GridworldView
          map={cliff}
          values={cliffOpt.V}
          valuesLabel="V*(s)"
          policy={greedyPolicy(cliffOpt.greedy)}
          path={cliffPath}
          agentCell={cliffPath[cliffPath.length - 1]}
        />
      </Card>
      <Card title="2048: every tile colour">
        <Game2048Board exponents={sample2048} score={12345} />
      </Card>
      {SOKOBAN_TEACHING_LEVELS.slice(3, 6).map((l) => (
        <Card key={l.name} title={`Sokoban: ${l.name}`}>
          <SokobanBoard text={l.text} />
        </Card>
      ))}
    </Section>
  );
}

function Replays() {
  const lake = GRID_PRESETS.frozenlake4x4;
  const lakeFrames = useMemo(() => recordGridEpisode(lake, 11), [lake]);
  const frames2048 = useMemo(() => record2048Episode(5), []);
  const sokoText = SOKOBAN_TEACHING_LEVELS[1].text;
  const sokoFrames = useMemo(() => recordSokobanEpisode(sokoText, 4), [sokoText]);
  return (
    <Section
      title="Replays of random-policy episodes"
      note="Click a replay to give it the keys: , and . step, P plays and pauses."
    >
      <Card title={`FrozenLake 4x4 (${lakeFrames.length - 1} steps)`}>
        <EpisodeReplay
          label="Replay of a random FrozenLake episode"
          frames={lakeFrames}
          render={(f, i) => (
            <div>
              <GridworldView
                map={lake}
                agentCell={f.cell}
                path={lakeFrames.slice(0, i + 1).map((g) => g.cell)}
              />
              <FrameCaption
                step={f.step}
                reward={f.reward}
                ret={f.ret}
                end={f.end}
                success={f.success}
              />
            </div>
          )}
        />
      </Card>
      <Card title={`2048 (${frames2048.length - 1} moves)`}>
        <EpisodeReplay
          label="Replay of a random 2048 game"
          frames={frames2048}
          initialSpeed={16}
          render={(f) => (
            <div>
              <Game2048Board exponents={f.exponents} score={f.score} size={260} />
              <FrameCaption
                step={f.step}
                reward={f.reward}
                ret={f.ret}
                end={f.end}
                success={f.success}
              />
            </div>
          )}
        />
      </Card>
      <Card title={`Sokoban: ${SOKOBAN_TEACHING_LEVELS[1].name} (${sokoFrames.length - 1} steps)`}>
        <EpisodeReplay
          label="Replay of a random Sokoban episode"
          frames={sokoFrames}
          initialSpeed={8}
          render={(f) => (
            <div>
              <SokobanBoard text={f.text} />
              <FrameCaption
                step={f.step}
                reward={f.reward}
                ret={f.ret}
                end={f.end}
                success={f.success}
              />
            </div>
          )}
        />
      </Card>
    </Section>
  );
}

function FrameCaption(f: {
  step: number;
  reward: number;
  ret: number;
  end: string;
  success: boolean;
}) {
  const ended =
    f.end === 'terminated'
      ? f.success
        ? ' · success'
        : ' · ended'
      : f.end === 'truncated'
        ? ' · time limit'
        : '';
  return (
    <p className="demo-caption">
      step {f.step} · reward {f.reward.toFixed(2)} · return {f.ret.toFixed(2)}
      {ended}
    </p>
  );
}

function HumanPlay() {
  const [preset, setPreset] = useState<GridPresetName>('frozenlake4x4');
  return (
    <Section
      title="Play"
      note="Click a board, then use the arrow keys or WASD. Keys only act on the focused board."
    >
      <Card title="Gridworld">
        <label className="demo-inline">
          map{' '}
          <select value={preset} onChange={(e) => setPreset(e.target.value as GridPresetName)}>
            {GRID_PRESET_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <GridworldPlay map={GRID_PRESETS[preset]} seed={1} />
      </Card>
      <Card title="2048">
        <Game2048Play seed={2} />
      </Card>
      <Card title="Sokoban (teaching levels)">
        <SokobanPlay levels={SOKOBAN_TEACHING_LEVELS} />
      </Card>
    </Section>
  );
}

function Editor() {
  const [map, setMap] = useState<GridMap>(GRID_PRESETS.twogoals);
  const opt = useMemo(() => valueIteration(gridModel(map)), [map]);
  return (
    <Section
      title="Map editor"
      note="Only valid maps reach the views on the right; invalid drafts list their problems under the editor."
    >
      <Card title="GridEditor">
        <GridEditor map={map} onChange={setMap} />
      </Card>
      <Card
        title={`GridworldView of the edited map: V*, greedy policy (success ${opt.successProb.toFixed(2)})`}
      >
        <GridworldView
          map={map}
          values={opt.V}
          valuesLabel="V*(s)"
          policy={greedyPolicy(opt.greedy)}
        />
      </Card>
      <Card title="Play the edited map">
        <GridworldPlay map={map} seed={3} />
      </Card>
    </Section>
  );
}

function PlayPage() {
  return (
    <div className="app demo">
      <header>
        <h1>Environment views</h1>
        <p className="tagline">
          Dev page for src/components/envs: boards, replays, human play, editor.
        </p>
      </header>
      <Boards />
      <Replays />
      <HumanPlay />
      <Editor />
    </div>
  );
}

const demoCss = `
.demo-section { margin-top: 20px; }
.demo-row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.demo-card { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 8px 12px; }
.demo-card h3 { font-size: 1rem; margin: 0 0 6px; }
.demo-caption { margin: 4px 0 0; font-variant-numeric: tabular-nums; }
.demo-inline { display: block; margin-bottom: 6px; }
`;
const style = document.createElement('style');
style.textContent = demoCss;
document.head.appendChild(style);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <PlayPage />
  </StrictMode>,
);

import { useState } from 'react';
import { GridWorldEnv, type GridMap } from '../../core/envs/gridworld';
import { Rng } from '../../core/rng';
import { describeGridStep, formatReward } from './gridView';
import { GridworldView } from './GridworldView';
import { actionForDir, type PlayCommand } from './keymap';
import { PlayShell } from './PlayShell';
import { PlaySession, type PlayStats } from './playSession';

export interface GridworldPlayProps {
  readonly map: GridMap;
  /** Seed of the slip randomness (Rng.fromSeed); the same seed and keys replay the same game. */
  readonly seed?: number;
}

/** Play a gridworld map with the keyboard. A new map or seed starts a new game. */
export function GridworldPlay({ map, seed = 0 }: GridworldPlayProps) {
  return <GridworldGame key={`${seed}:${JSON.stringify(map)}`} map={map} seed={seed} />;
}

interface View {
  readonly stats: PlayStats;
  readonly path: readonly number[];
  readonly note: string | null;
}

function GridworldGame({ map, seed }: { map: GridMap; seed: number }) {
  const [session] = useState(
    () => new PlaySession(new GridWorldEnv(map, 1, Rng.fromSeed(seed).split('env'))),
  );
  const [view, setView] = useState<View>(() => ({
    stats: session.stats,
    path: [session.env.stateIndex[0]],
    note: null,
  }));

  const onCommand = (cmd: PlayCommand) => {
    const env = session.env;
    if (cmd.kind === 'restart') {
      // Maps with several starts: each restart takes the next one.
      session.restart((session.task + 1) % env.numTasks);
      setView({ stats: session.stats, path: [env.stateIndex[0]], note: null });
    } else if (cmd.kind === 'undo') {
      if (session.undo())
        setView({ stats: session.stats, path: view.path.slice(0, -1), note: 'Undone.' });
    } else {
      const from = env.stateIndex[0];
      if (session.step(actionForDir(map.actions, cmd.dir)) !== 'moved') return;
      const to = env.stateIndex[0];
      setView({
        stats: session.stats,
        path: [...view.path, to],
        note: describeGridStep(env.compiled, from, to, cmd.dir),
      });
    }
  };

  const { stats } = view;
  const ret = formatReward(Math.round(stats.ret * 1000) / 1000);
  const [message, tone] =
    stats.outcome === 'won'
      ? [`Goal reached in ${stats.steps} steps, return ${ret}. R to play again.`, 'win' as const]
      : stats.outcome === 'lost'
        ? [`Fell into a hole after ${stats.steps} steps. U to undo, R to restart.`, 'loss' as const]
        : stats.outcome === 'timeout'
          ? [`Out of time: the limit is ${map.timeLimit} steps. R to restart.`, 'loss' as const]
          : [
              view.note ??
                (map.slip > 0
                  ? `Slippery: ${Math.round(map.slip * 100)}% of moves go sideways.`
                  : null),
              'info' as const,
            ];
  return (
    <PlayShell
      label="Gridworld: move with the arrow keys or W A S D"
      stats={stats}
      message={message}
      messageTone={tone}
      canUndo={session.canUndo}
      onCommand={onCommand}
    >
      <GridworldView map={map} agentCell={view.path[view.path.length - 1]} path={view.path} />
    </PlayShell>
  );
}

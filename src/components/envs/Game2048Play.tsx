import { useState } from 'react';
import { Game2048Env, type Game2048Params } from '../../core/envs/game2048';
import { Rng } from '../../core/rng';
import { Game2048Board } from './Game2048Board';
import { actionForDir, DIR_NAMES, URDL_ACTIONS, type PlayCommand } from './keymap';
import { PlayShell } from './PlayShell';
import { PlaySession, type PlayStats } from './playSession';

export interface Game2048PlayProps {
  readonly params?: Game2048Params;
  /** Seed of the start boards and spawns (Rng.fromSeed). */
  readonly seed?: number;
}

/** Play 2048 with the keyboard. A move that changes nothing is refused, as in the original. */
export function Game2048Play({ params, seed = 0 }: Game2048PlayProps) {
  return (
    <Game2048Game
      key={`${seed}:${JSON.stringify(params ?? {})}`}
      params={params ?? {}}
      seed={seed}
    />
  );
}

interface View {
  readonly stats: PlayStats;
  readonly exponents: number[];
  readonly score: number;
  readonly note: string | null;
}

function Game2048Game({ params, seed }: { params: Game2048Params; seed: number }) {
  const [session] = useState(
    () => new PlaySession(new Game2048Env(params, 1, Rng.fromSeed(seed).split('env'))),
  );
  const snapshotView = (note: string | null): View => ({
    stats: session.stats,
    exponents: Array.from(session.env.boards.subarray(0, 16)),
    score: session.env.scores[0],
    note,
  });
  const [view, setView] = useState<View>(() => snapshotView(null));

  const onCommand = (cmd: PlayCommand) => {
    if (cmd.kind === 'restart') {
      // Tasks are start boards: each restart deals the next one.
      session.restart((session.task + 1) % session.env.numTasks);
      setView(snapshotView(null));
    } else if (cmd.kind === 'undo') {
      // The spawn stream is restored too, so redoing a move brings the same new tile.
      if (session.undo()) setView(snapshotView('Undone (the same tile will spawn again).'));
    } else {
      const result = session.step(actionForDir(URDL_ACTIONS, cmd.dir));
      if (result === 'illegal')
        setView({ ...view, note: `Can't move ${DIR_NAMES[cmd.dir]}: nothing would change.` });
      else if (result === 'moved') setView(snapshotView(null));
    }
  };

  const target = session.env.params.targetTile;
  const best = Math.max(0, ...view.exponents);
  const reached = best > 0 && 2 ** best >= target;
  const { stats } = view;
  const [message, tone] =
    stats.outcome !== 'playing'
      ? stats.outcome === 'timeout'
        ? [`Step limit reached. Score ${view.score}. R for a new game.`, 'loss' as const]
        : [
            `No moves left. Score ${view.score}, best tile ${2 ** best}. R for a new game.`,
            reached ? ('win' as const) : ('loss' as const),
          ]
      : view.note
        ? [view.note, 'info' as const]
        : reached
          ? [`You made ${target}! Keep going.`, 'win' as const]
          : [`Goal: a ${target} tile.`, 'info' as const];
  return (
    <PlayShell
      label="2048: slide the tiles with the arrow keys or W A S D"
      stats={stats}
      message={message}
      messageTone={tone}
      canUndo={session.canUndo}
      onCommand={onCommand}
      extraStats={
        <span>
          best tile <strong>{best ? 2 ** best : '–'}</strong>
        </span>
      }
    >
      <Game2048Board exponents={view.exponents} score={view.score} />
    </PlayShell>
  );
}

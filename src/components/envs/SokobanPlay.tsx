import { useState, type ReactNode } from 'react';
import { parseSokobanLevel, SokobanEnv } from '../../core/envs/sokoban';
import { actionForDir, URDL_ACTIONS, type PlayCommand } from './keymap';
import { PlayShell } from './PlayShell';
import { PlaySession, type PlayStats } from './playSession';
import { SokobanBoard } from './SokobanBoard';

/** A level as its text, or with a name and a lesson (SOKOBAN_TEACHING_LEVELS fits). */
export type SokobanPlayLevel =
  string | { readonly name: string; readonly text: string; readonly lesson?: string };

export interface SokobanPlayProps {
  readonly level?: SokobanPlayLevel;
  /** Several levels: a menu to pick one and "next level" after a win. */
  readonly levels?: readonly SokobanPlayLevel[];
  /** Time limit (gym-sokoban: 120). */
  readonly maxSteps?: number;
  /** End the game when a box is pushed into a non-target corner. */
  readonly deadlockTermination?: boolean;
}

const levelText = (l: SokobanPlayLevel) => (typeof l === 'string' ? l : l.text);
const levelName = (l: SokobanPlayLevel, k: number) =>
  typeof l === 'string' ? `Level ${k + 1}` : l.name;

/** Play Sokoban with the keyboard. Sokoban is deterministic, so it needs no seed. */
export function SokobanPlay({ level, levels, maxSteps, deadlockTermination }: SokobanPlayProps) {
  const list: readonly SokobanPlayLevel[] = levels ?? (level !== undefined ? [level] : []);
  const [chosen, setChosen] = useState(0);
  const k = Math.min(chosen, Math.max(0, list.length - 1));
  if (list.length === 0) return <p className="env-note">No Sokoban level given.</p>;
  const current = list[k];
  const menu =
    list.length > 1 ? (
      <label className="play-level">
        level{' '}
        <select value={k} onChange={(e) => setChosen(Number(e.target.value))}>
          {list.map((l, j) => (
            <option key={j} value={j}>
              {j + 1}. {levelName(l, j)}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  const parsed = parseSokobanLevel(levelText(current));
  if (!parsed.ok)
    return (
      <div className="play">
        {menu}
        <ul className="field-error">
          {parsed.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </div>
    );
  return (
    <SokobanGame
      key={`${k}:${levelText(current)}:${maxSteps}:${deadlockTermination}`}
      text={levelText(current)}
      lesson={typeof current === 'string' ? undefined : current.lesson}
      menu={menu}
      maxSteps={maxSteps}
      deadlockTermination={deadlockTermination}
      onNext={k + 1 < list.length ? () => setChosen(k + 1) : undefined}
    />
  );
}

interface GameProps {
  readonly text: string;
  readonly lesson?: string;
  readonly menu: ReactNode;
  readonly maxSteps?: number;
  readonly deadlockTermination?: boolean;
  readonly onNext?: () => void;
}

interface View {
  readonly stats: PlayStats;
  readonly text: string;
  readonly note: string | null;
}

function SokobanGame(props: GameProps) {
  const [session] = useState(() => {
    const parsed = parseSokobanLevel(props.text);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const env = new SokobanEnv(
      {
        levels: [parsed.level],
        maxSteps: props.maxSteps,
        deadlockTermination: props.deadlockTermination,
      },
      1,
    );
    return new PlaySession(env);
  });
  const [view, setView] = useState<View>(() => ({
    stats: session.stats,
    text: session.env.text(0),
    note: null,
  }));

  const onCommand = (cmd: PlayCommand) => {
    if (cmd.kind === 'restart') {
      session.restart(0);
      setView({ stats: session.stats, text: session.env.text(0), note: null });
    } else if (cmd.kind === 'undo') {
      if (session.undo())
        setView({ stats: session.stats, text: session.env.text(0), note: 'Undone.' });
    } else {
      const before = session.env.player[0];
      if (session.step(actionForDir(URDL_ACTIONS, cmd.dir)) !== 'moved') return;
      const blocked = session.env.player[0] === before;
      setView({
        stats: session.stats,
        text: session.env.text(0),
        note: blocked ? 'Blocked: a wall, or a box that cannot move (still costs a step).' : null,
      });
    }
  };

  const { stats } = view;
  const limit = session.env.maxEpisodeSteps;
  const [message, tone] =
    stats.outcome === 'won'
      ? [`Solved in ${stats.steps} steps!`, 'win' as const]
      : stats.outcome === 'lost'
        ? [
            'A box is stuck in a corner: the level is lost. U to undo, R to restart.',
            'loss' as const,
          ]
        : stats.outcome === 'timeout'
          ? [`Out of steps: the limit is ${limit}. U to undo, R to restart.`, 'loss' as const]
          : [view.note ?? props.lesson ?? null, 'info' as const];
  return (
    <PlayShell
      label="Sokoban: move and push boxes with the arrow keys or W A S D"
      stats={stats}
      message={
        <>
          {message}
          {stats.outcome === 'won' && props.onNext && (
            <>
              {' '}
              <button type="button" className="primary" onClick={props.onNext}>
                Next level
              </button>
            </>
          )}
        </>
      }
      messageTone={tone}
      canUndo={session.canUndo}
      onCommand={onCommand}
      toolbar={props.menu}
    >
      <SokobanBoard text={view.text} />
    </PlayShell>
  );
}

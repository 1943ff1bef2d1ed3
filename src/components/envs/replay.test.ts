import { describe, expect, it } from 'vitest';
import { initialReplayState, replayReducer, type ReplayState } from './replay';

const at = (index: number, playing = false): ReplayState => ({ index, playing, fps: 4 });

describe('replayReducer', () => {
  it('steps within the episode and pauses', () => {
    expect(replayReducer(at(0, true), { kind: 'step', delta: 1 }, 5)).toEqual(at(1));
    expect(replayReducer(at(0), { kind: 'step', delta: -1 }, 5)).toEqual(at(0));
    expect(replayReducer(at(4), { kind: 'step', delta: 1 }, 5)).toEqual(at(4));
    expect(replayReducer(at(2), { kind: 'seek', index: 99 }, 5)).toEqual(at(4));
  });

  it('plays to the last frame and stops there', () => {
    let s = replayReducer(initialReplayState(), { kind: 'toggle' }, 3);
    expect(s.playing).toBe(true);
    s = replayReducer(s, { kind: 'tick' }, 3);
    expect(s).toMatchObject({ index: 1, playing: true });
    s = replayReducer(s, { kind: 'tick' }, 3);
    expect(s).toMatchObject({ index: 2, playing: false });
  });

  it('play at the end starts over; a one-frame episode does not play', () => {
    expect(replayReducer(at(2), { kind: 'toggle' }, 3)).toMatchObject({ index: 0, playing: true });
    expect(replayReducer(at(0), { kind: 'toggle' }, 1).playing).toBe(false);
  });

  it('changes speed only to a positive rate', () => {
    expect(replayReducer(at(0), { kind: 'speed', fps: 16 }, 3).fps).toBe(16);
    expect(replayReducer(at(0), { kind: 'speed', fps: 0 }, 3).fps).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { interleaved, ROUNDS, type Meter } from './training';

/** A meter whose windows report the given rates in turn, and that logs what it was asked. */
function scripted(name: string, rates: number[], log: string[]): () => Promise<Meter> {
  return async () => {
    let k = 0;
    log.push(`${name} start`);
    return {
      window: async (seconds) => {
        log.push(`${name} ${seconds}`);
        const rate = rates[k++];
        return { envStepsPerSec: rate, updatesPerSec: rate / 100, seconds };
      },
      dispose: () => log.push(`${name} dispose`),
    };
  };
}

describe('interleaved: meters timed in turns, each keeping its best window', () => {
  it('takes turns A B A B A B, splits the seconds into ROUNDS windows, keeps each best', async () => {
    expect(ROUNDS).toBe(3);
    const log: string[] = [];
    const [a, b] = await interleaved(
      [scripted('a', [10, 30, 20], log), scripted('b', [5, 4, 6], log)],
      3,
    );
    expect(a).toEqual({ envStepsPerSec: 30, updatesPerSec: 0.3, seconds: 1 });
    expect(b.envStepsPerSec).toBe(6);
    expect(log).toEqual([
      'a start',
      'b start',
      ...['a 1', 'b 1', 'a 1', 'b 1', 'a 1', 'b 1'],
      'a dispose',
      'b dispose',
    ]);
  });

  it('disposes the meters already started when one fails', async () => {
    const log: string[] = [];
    const failing = async (): Promise<Meter> => {
      throw new Error('no backend');
    };
    await expect(interleaved([scripted('a', [1, 1, 1], log), failing], 3)).rejects.toThrow(
      'no backend',
    );
    expect(log).toEqual(['a start', 'a dispose']);
  });
});

describe('interleaved: a meter that must come last', () => {
  it('times its windows after all rounds of the others', async () => {
    const log: string[] = [];
    const a = scripted('a', [1, 2, 3], log);
    const b = scripted('b', [1, 2, 3], log);
    const lastB = async () => ({ ...(await b()), last: true });
    await interleaved([lastB, a], 3);
    expect(log.filter((l) => l.endsWith(' 1'))).toEqual(['a 1', 'a 1', 'a 1', 'b 1', 'b 1', 'b 1']);
  });
});

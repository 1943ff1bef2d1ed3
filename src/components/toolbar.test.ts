import { describe, expect, it } from 'vitest';
import { FINISHED_GRACE_MS, startButtonAction } from './Toolbar';

describe('the Start / Pause / Resume button', () => {
  it('pauses a running training, resumes a paused one, starts otherwise', () => {
    expect(startButtonAction('running', 0)).toBe('pause');
    expect(startButtonAction('paused', 0)).toBe('resume');
    expect(startButtonAction('idle', 0)).toBe('start');
    expect(startButtonAction('finished', FINISHED_GRACE_MS + 1)).toBe('start');
  });

  it('ignores a click that lands just after training finished (it was meant to pause)', () => {
    // Starting again would clear every chart of the training that just finished.
    expect(startButtonAction('finished', 50)).toBe('none');
    expect(startButtonAction('finished', FINISHED_GRACE_MS - 1)).toBe('none');
  });
});

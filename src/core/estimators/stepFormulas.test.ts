import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, PRESETS } from './presets';
import { stepFormulas } from './stepFormulas';

describe('stepFormulas: the formula of each stage of an update, from the estimator', () => {
  it('renders in KaTeX for every preset and stage', () => {
    for (const name of PRESET_NAMES)
      for (const [stage, tex] of Object.entries(stepFormulas(PRESETS[name])))
        expect(
          () => katex.renderToString(tex, { throwOnError: true }),
          `${name} ${stage}`,
        ).not.toThrow();
  });

  it('REINFORCE: episode return, no baseline, A = R - b, vanilla gradient summed per episode and averaged over the N episodes, SGD', () => {
    const f = stepFormulas(PRESETS.reinforce);
    expect(f.target).toBe(String.raw`R_i = \sum_{t} \gamma^{t} r_{i,t}`);
    expect(f.baseline).toBe('b = 0');
    expect(f.advantage).toBe(String.raw`A = \hat R - b`);
    expect(f.gradient).toContain(String.raw`w_t\, A_t\,\big(e_{a_t} - \pi(\cdot\mid s)\big)`);
    expect(f.gradient).toContain(String.raw`w_t = \frac{1}{N}`);
    expect(f.update).toBe(String.raw`z' = z + \eta\, g`);
  });

  it('RLOO leaves the episode out of its baseline; GRPO divides by the group std and clips', () => {
    expect(stepFormulas(PRESETS.rloo).baseline).toContain(String.raw`\sum_{j \ne i}`);
    const grpo = stepFormulas(PRESETS.grpo);
    expect(grpo.baseline).toContain(String.raw`\frac{1}{G}`);
    expect(grpo.advantage).toContain(String.raw`\operatorname{std}(R_{1..G}) + \epsilon`);
    expect(grpo.gradient).toContain(String.raw`\frac{\partial(-l_t)}{\partial \log\pi_t}`);
  });

  it('outcome selection replaces the advantage; PPO shows clipping and Adam', () => {
    expect(stepFormulas(PRESETS.nsr).advantage).toBe(
      String.raw`A_i = -\mathbb 1[\text{failure}_i]`,
    );
    const ppo = stepFormulas(PRESETS.ppo);
    expect(ppo.baseline).toBe('b_t = V(s_t)');
    expect(ppo.gradient).toContain(String.raw`\min(1, \frac{c}{\lVert g\rVert})`);
    expect(ppo.gradient).toContain(String.raw`c_H \nabla H`);
    expect(ppo.update).toContain(String.raw`\sqrt{\hat v}`);
  });
});

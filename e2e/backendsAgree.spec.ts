import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/**
 * The same experiment (same seeds) on webgpu and on wasm samples the same actions: webgpu runs
 * the playground's own shaders there (sparse observation layer, thread-per-output reductions,
 * softmax and skinny products: src/core/policies/webgpu*.ts), wasm runs XNNPACK, so equal
 * episodes mean equal policies, update after update.
 */
type Results = {
  experiment: { policy: { kind: string; hidden: number[] } };
  runs: { columns: string[]; rows: number[][] }[];
};

interface Case {
  readonly family: '2048' | 'sokoban';
  readonly policy: 'mlp' | 'cnn';
  readonly hidden: string;
  /** SGD learning rate of run 1: large enough that each update changes the next one's actions. */
  readonly sgdRate: string;
}

async function train(page: Page, backend: string, c: Case): Promise<Results> {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
  await page.getByTestId(`family-${c.family}`).check();
  // Sokoban's teaching level times out at 120 steps; 30 keeps the software adapter's run short.
  if (c.family === 'sokoban') await page.getByLabel('Time limit (steps)').fill('30');
  await page.getByTestId('policy-kind').selectOption(c.policy);
  const layers = page.getByLabel('Hidden layers (units, comma-separated)');
  await layers.fill(c.hidden);
  await layers.blur();
  // Run 0 with Adam, run 1 with SGD (whose step, unlike Adam's, scales with every gradient entry).
  const editors = await page.locator('.run-editor').all();
  expect(editors.length).toBeGreaterThanOrEqual(2);
  for (const [k, [optimiser, rate]] of [
    ['adam', '0.01'],
    ['sgd', c.sgdRate],
  ].entries()) {
    await editors[k].getByLabel('Learning rate').fill(rate);
    await editors[k].getByLabel('Optimiser').selectOption(optimiser);
  }
  await page.getByLabel('Episodes per update (per run)').fill('8');
  await page.getByLabel('Updates to train').fill('3');
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 180_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  return JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as Results;
}

// 2048 MLP widths 64, 24 and 10: the observation-layer shaders write 16, 8 and 1 outputs per
// invocation (webgpuSparseInput.ts, outputsPerInvocation). Sokoban CNN: dense observations,
// convolutions as skinny products, and 8 variables (tf.addN over 8 tensors broke webgpu: see
// stackedOptimizer.ts sumOf).
const CASES: Case[] = [
  { family: '2048', policy: 'mlp', hidden: '64, 64', sgdRate: '0.0002' },
  { family: '2048', policy: 'mlp', hidden: '24', sgdRate: '0.0002' },
  { family: '2048', policy: 'mlp', hidden: '10', sgdRate: '0.0002' },
  { family: 'sokoban', policy: 'cnn', hidden: '32', sgdRate: '0.05' },
];

for (const c of CASES)
  test(`${c.family} ${c.policy} [${c.hidden}]: webgpu and wasm sample the same episodes for 3 updates`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const onWasm = await train(await (await browser.newContext()).newPage(), 'wasm', c);
    const onWebgpu = await train(await (await browser.newContext()).newPage(), 'webgpu', c);
    const widths = c.hidden.split(', ').map(Number);
    for (const results of [onWasm, onWebgpu])
      expect(results.experiment.policy).toMatchObject({ kind: c.policy, hidden: widths });
    expect(onWebgpu.runs).toHaveLength(onWasm.runs.length);
    for (const [r, run] of onWebgpu.runs.entries()) {
      const want = onWasm.runs[r];
      expect(run.columns).toEqual(want.columns);
      expect(run.rows).toHaveLength(3);
      const col = (name: string) => run.columns.indexOf(name);
      const series = (rows: number[][], name: string) => rows.map((row) => row[col(name)]);
      for (const name of ['envSteps', 'meanReturn', 'episodeLength', 'successRate'])
        expect(series(run.rows, name)).toEqual(series(want.rows, name));
      // Float metrics agree to the float32 rounding of two devices' summation orders.
      for (const name of ['entropy', 'gradNorm', 'loss'])
        series(run.rows, name).forEach((got, u) => {
          const expected = series(want.rows, name)[u];
          expect(Math.abs(got - expected) / Math.max(1, Math.abs(expected))).toBeLessThan(1e-4);
        });
      const show = (name: string) =>
        `${name} ${series(run.rows, name)
          .map((v) => v.toPrecision(5))
          .join(', ')} (wasm ${series(want.rows, name)
          .map((v) => v.toPrecision(5))
          .join(', ')})`;
      console.log(`run ${r}: ${['meanReturn', 'entropy', 'gradNorm'].map(show).join('; ')}`);
    }
  });

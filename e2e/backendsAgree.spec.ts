import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/**
 * The same 2048 experiment (MLP policy, same seeds) on webgpu and on wasm samples the same
 * actions: webgpu runs the playground's own shaders there (sparse observation layer,
 * thread-per-output reductions, softmax and skinny products: src/core/policies/webgpu*.ts),
 * wasm runs XNNPACK, so equal episodes mean equal policies, update after update.
 */
type Results = {
  experiment: { policy: { hidden: number[] } };
  runs: { columns: string[]; rows: number[][] }[];
};

async function train2048(page: Page, backend: string, hidden: string): Promise<Results> {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
  await page.getByTestId('family-2048').check();
  await page.getByTestId('policy-kind').selectOption('mlp');
  const layers = page.getByLabel('Hidden layers (units, comma-separated)');
  await layers.fill(hidden);
  await layers.blur();
  // Each update moves the policy enough to change the next update's actions: run 0 with Adam,
  // run 1 with SGD (whose step, unlike Adam's, scales with every gradient entry).
  const editors = await page.locator('.run-editor').all();
  expect(editors.length).toBeGreaterThanOrEqual(2);
  for (const [k, [optimiser, rate]] of [
    ['adam', '0.01'],
    ['sgd', '0.0002'],
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

// Hidden widths 64, 24 and 10: the observation-layer shaders write 16, 8 and 1 outputs per
// invocation (webgpuSparseInput.ts, outputsPerInvocation).
for (const hidden of ['64, 64', '24', '10'])
  test(`2048 with an MLP [${hidden}]: webgpu and wasm sample the same episodes for 3 updates`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const onWasm = await train2048(await (await browser.newContext()).newPage(), 'wasm', hidden);
    const onWebgpu = await train2048(
      await (await browser.newContext()).newPage(),
      'webgpu',
      hidden,
    );
    const widths = hidden.split(', ').map(Number);
    expect(onWasm.experiment.policy.hidden).toEqual(widths);
    expect(onWebgpu.experiment.policy.hidden).toEqual(widths);
    expect(onWebgpu.runs).toHaveLength(onWasm.runs.length);
    for (const [r, run] of onWebgpu.runs.entries()) {
      const want = onWasm.runs[r];
      expect(run.columns).toEqual(want.columns);
      expect(run.rows).toHaveLength(3);
      const col = (name: string) => run.columns.indexOf(name);
      for (const name of ['envSteps', 'meanReturn', 'episodeLength', 'successRate'])
        expect(run.rows.map((row) => row[col(name)])).toEqual(
          want.rows.map((row) => row[col(name)]),
        );
      // Float metrics (entropy, loss, gradient norm, ...) agree to float32 rounding of two devices.
      const entropy = col('entropy');
      run.rows.forEach((row, u) => expect(row[entropy]).toBeCloseTo(want.rows[u][entropy], 3));
      console.log(
        `run ${r}: mean return per update ${run.rows.map((row) => row[col('meanReturn')]).join(', ')}; entropy ${run.rows.map((row) => row[entropy].toFixed(4)).join(', ')} (wasm ${want.rows.map((row) => row[entropy].toFixed(4)).join(', ')}); gradNorm ${run.rows.map((row) => row[col('gradNorm')].toPrecision(4)).join(', ')} (wasm ${want.rows.map((row) => row[col('gradNorm')].toPrecision(4)).join(', ')})`,
      );
    }
  });

import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

/**
 * Several training workers (src/workers/shards.ts): the page says how many train the experiment,
 * and the exported metrics are the same on 2 workers as on 1 (the clock columns aside).
 */

/** Trains the default experiment on FrozenLake for 60 updates; returns the CSV export. */
async function trainAndExport(page: Page, workers: number): Promise<string> {
  await page.goto(`/?backend=wasm&workers=${workers}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await page.getByTestId('family-gridworld').check();
  await page.getByLabel('Updates to train').fill('60');
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 60_000 });
  await expect(page.getByTestId('update-count')).toHaveText('60');
  const badge = page.getByTestId('training-workers');
  await expect(badge).toHaveAttribute('data-count', String(workers));
  await expect(badge).toHaveAttribute('title', workers === 1 ? /1 training worker/ : /dealt/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  return readFile(await download.path(), 'utf8');
}

/** The CSV without its clock columns (env steps and updates per second). */
function withoutClocks(csv: string): string[][] {
  const rows = csv
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const keep = rows[0].map((name) => !/PerSec/.test(name));
  return rows.map((row) => row.filter((_, k) => keep[k]));
}

test('two workers train the default experiment to the same numbers as one', async ({ page }) => {
  const one = withoutClocks(await trainAndExport(page, 1));
  await page.screenshot({ path: 'test-results/workers-1.png' });
  const two = withoutClocks(await trainAndExport(page, 2));
  await page.screenshot({ path: 'test-results/workers-2.png' });
  expect(one.length).toBe(1 + 2 * 60);
  expect(two).toEqual(one);
});

test('networks (PPO x 2 seeds, REINFORCE) train the same on 2 workers as on 1', async ({
  page,
}) => {
  // Each worker stacks only its own runs: on 2 workers one PPO run trains without REINFORCE
  // beside it, on 1 worker both do. A run's numbers may not depend on which runs share its
  // worker. At c228e23 they did (8 CSV rows differed in the 7th digit): PPO's minibatch steps
  // summed in another order next to REINFORCE's whole batch, so a link gave other numbers on a
  // machine with another number of cores.
  const hash =
    'v=1&env=2048&hidden=16&episodes=8' +
    '&runs=3&run1=ppo&run2=ppo&run2.seed=2&run3=reinforce&updates=6&speed=max';
  const train = async (workers: number) => {
    await page.goto(`/?backend=cpu&workers=${workers}#${hash}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 120_000 });
    await expect(page.getByTestId('training-workers')).toHaveAttribute(
      'data-count',
      String(workers),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    return withoutClocks(await readFile(await download.path(), 'utf8'));
  };
  const one = await train(1);
  const two = await train(2);
  expect(one.length).toBe(1 + 3 * 6);
  expect(two).toEqual(one);
});

test('a bad ?workers= value is named, and training still runs', async ({ page }) => {
  await page.goto('/?backend=wasm&workers=lots');
  await expect(page.getByTestId('notice').filter({ hasText: 'Bad ?workers=lots' })).toBeVisible();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('update-count')).toHaveText('1');
});

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

test('a bad ?workers= value is named, and training still runs', async ({ page }) => {
  await page.goto('/?backend=wasm&workers=lots');
  await expect(page.getByTestId('notice').filter({ hasText: 'Bad ?workers=lots' })).toBeVisible();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('update-count')).toHaveText('1');
});

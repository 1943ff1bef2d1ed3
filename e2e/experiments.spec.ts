import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const updateCount = async (page: Page) =>
  Number(await page.getByTestId('update-count').innerText());

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '');
}

/** Downloads the results file via the Export button and returns it parsed. */
async function exportedResults(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  const path = await download.path();
  return JSON.parse(readFileSync(path as string, 'utf8')) as {
    experiment: { env: { family: string; map: unknown }; runs: { preset: string }[] };
    runs: { id: string; columns: string[]; rows: number[][] }[];
  };
}

async function trainToEnd(page: Page, updates: number): Promise<void> {
  await page.getByLabel('Updates to train').fill(String(updates));
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 120_000 });
  expect(await updateCount(page)).toBe(updates);
}

test('a configured experiment restores from its link and replays the same curves on wasm', async ({
  browser,
}) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await ready(page, '/?backend=wasm');
  // Non-default environment, two runs with different estimators, an edited map.
  await page.getByTestId('family-gridworld').check();
  await page.getByTestId('preset-1').selectOption('grpo');
  const editor = page.getByRole('group', { name: /^Map: arrows select a cell/ });
  await editor.focus();
  await editor.press('ArrowRight');
  await editor.press('ArrowRight');
  await editor.press('w'); // row 1, column 3 becomes a wall
  await expect(page.getByTestId('grid-preset')).toHaveValue('custom');
  await trainToEnd(page, 60);
  const first = await exportedResults(page);
  expect(first.experiment.env.family).toBe('gridworld');
  expect(JSON.stringify(first.experiment.env.map)).toContain('SFWF');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  console.log(`shared link: ${link}`);
  expect(link).toContain('grid=custom');

  const fresh = await (await browser.newContext()).newPage();
  await ready(fresh, link);
  await expect(fresh.getByTestId('family-gridworld')).toBeChecked();
  await expect(fresh.getByTestId('preset-1')).toHaveValue('grpo');
  await expect(fresh.getByTestId('grid-preset')).toHaveValue('custom');
  await trainToEnd(fresh, 60);
  const second = await exportedResults(fresh);
  expect(second.experiment).toEqual(first.experiment);
  expect(second.runs).toHaveLength(2);
  for (const [r, run] of second.runs.entries()) {
    expect(run.rows.length).toBeGreaterThanOrEqual(50);
    // Every metric but wall-clock throughput: the first 50 updates of each run, value for value.
    const keep = run.columns.map((c, k) => (c.endsWith('PerSec') ? -1 : k)).filter((k) => k >= 0);
    expect(keep.length).toBeGreaterThan(10);
    const pick = (rows: number[][]) => rows.slice(0, 50).map((row) => keep.map((k) => row[k]));
    expect(pick(run.rows)).toEqual(pick(first.runs[r].rows));
  }
  await context.close();
});

test('a link with hidden controls hides exactly those controls', async ({ page }) => {
  await ready(page, '/?backend=cpu#v=1&env_hide=true&speed_hide=true&policy_hide=true');
  await expect(page.getByRole('group', { name: 'Environment family' })).toHaveCount(0);
  await expect(page.getByLabel('Speed')).toHaveCount(0);
  await expect(page.getByTestId('policy-kind')).toHaveCount(0);
  // Everything else is still there.
  await expect(page.getByLabel('Updates to train')).toBeVisible();
  await expect(page.getByLabel('Episodes per update (per run)')).toBeVisible();
  await expect(page.getByTestId('preset-0')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add run' })).toBeVisible();
  // The share dialog writes such links.
  await page.getByRole('button', { name: 'Share with class…' }).click();
  await expect(page.getByTestId('hide-env')).toBeChecked();
  await expect(page.getByTestId('hide-runs')).not.toBeChecked();
});

test('a bad link gives notices, uses defaults for what is wrong, and renders text as text', async ({
  page,
}) => {
  await ready(page, '/?backend=cpu#v=1&episodes=0&run1=<img src=x onerror=alert(1)>&bogus=1');
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'episodes' })).toBeVisible();
  await expect(notices.filter({ hasText: 'bogus' })).toBeVisible();
  await expect(notices.filter({ hasText: '<img' })).toBeVisible();
  expect(await page.locator('img[src=x]').count()).toBe(0);
  await expect(page.getByLabel('Episodes per update (per run)')).toHaveValue('32');
});

test('a hand-written link with GRPO but no group= names the problem and offers the fix', async ({
  page,
}) => {
  await ready(page, '/?backend=cpu#v=1&run1=grpo&episodes=20&speed=max&updates=5');
  await page.getByRole('button', { name: 'Start' }).click();
  const problems = page.getByTestId('config-problems');
  await expect(problems).toContainText('run 1 (GRPO): groupSize must be >= 2');
  await page.screenshot({ path: 'test-results/group-fix.png' });
  await page.getByTestId('use-groups').click();
  await expect(problems).toHaveCount(0);
  await expect(page.getByLabel('Group size G')).toHaveValue('8');
  // 20 episodes are not 8 groups of whole size: rounded up to 24.
  await expect(page.getByLabel('Episodes per update (per run)')).toHaveValue('24');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished');
  await expect(page.getByTestId('update-count')).toHaveText('5');
});

for (const family of ['bandit', 'gridworld', '2048', 'sokoban'] as const) {
  test(`${family}: can be chosen, trained, watched and played`, async ({ page }) => {
    await ready(page, '/?backend=wasm');
    await page.getByTestId(`family-${family}`).check();
    await page.getByLabel('Episodes per update (per run)').fill(family === '2048' ? '8' : '16');
    await trainToEnd(page, family === '2048' ? 3 : 10);
    if (family === 'bandit') await expect(page.getByTestId('arms-view')).toBeVisible();
    else {
      await expect(page.getByTestId('replay')).toBeVisible();
      // Step through the latest episode's replay.
      await page
        .getByTestId('replay')
        .getByRole('button', { name: /forward|next/i })
        .first()
        .click();
    }
    await page.screenshot({ path: `test-results/env-${family}-trained.png`, fullPage: true });
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Play' })
      .click();
    const panel = page.getByTestId('play-panel');
    if (family === 'bandit') {
      await expect(panel).toContainText('Bandits have nothing to steer');
      return;
    }
    const board = panel.getByRole('application');
    await board.click();
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowDown']) await board.press(key);
    await expect(panel.locator('.play-stats strong').first()).not.toHaveText('0');
    await page.screenshot({ path: `test-results/env-${family}-played.png`, fullPage: true });
  });
}

test('estimator cards show formula, sources and values; what differs lists the differences', async ({
  page,
}) => {
  await ready(page, '/?backend=cpu');
  await page.getByTestId('preset-1').selectOption('dr-grpo');
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Estimators' })
    .click();
  const panel = page.getByTestId('estimators-panel');
  await expect(panel.locator('.katex').first()).toBeVisible();
  await expect(panel).toContainText('Williams 1992');
  await expect(panel).toContainText('normalisation');
  await page.screenshot({ path: 'test-results/estimators.png', fullPage: true });
});

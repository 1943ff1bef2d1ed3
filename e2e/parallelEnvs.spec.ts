import { expect, test } from '@playwright/test';

const SHOTS = process.env.SHOTS_DIR ?? 'test-results';

test('the parallel-environments lesson trains 4 to 256 envs side by side; a run edits its own count', async ({
  page,
}) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '');
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Lessons' })
    .click();
  await page.getByTestId('lessons').screenshot({ path: `${SHOTS}/lessons-envs-gallery.png` });
  await page.getByTestId('open-lesson-parallel-envs').click();
  await expect(page.getByTestId('lesson-banner')).toContainText('Beukman');
  // The runs editor and the run table show each run's own episodes per update.
  for (const [i, n] of [4, 16, 64, 256].entries()) {
    await expect(page.getByTestId(`run-episodes-${i}`)).toHaveValue(String(n));
    await expect(page.getByTestId(`run-envs-${i}`)).toHaveText(String(n));
  }
  await expect(page).toHaveURL(/run1\.episodes=4&.*run4\.episodes=256/);

  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  // All 300 updates: a few seconds on 2 cores. (Pausing after 80 raced the end: the Pause
  // button could turn into Start before the click.)
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 150_000 });
  await expect(page.getByTestId('update-count')).toHaveText('300');
  // Per update the 256-env run is ahead of the 4-env run (the lesson's test pins the margin).
  const recent = async (i: number) =>
    Number(await page.getByTestId(`run-recent-reward-${i}`).innerText());
  expect(await recent(3)).toBeGreaterThan((await recent(0)) + 0.2);
  // The gradient variance spans orders of magnitude: drawn on a log axis, with tick labels.
  const variance = page.getByTestId('chart-gradVariance');
  await expect(variance).toContainText('(log)');
  await page.screenshot({ path: `${SHOTS}/lessons-envs-lesson.png`, fullPage: true });
  await page
    .getByTestId('chart-meanReturn')
    .screenshot({ path: `${SHOTS}/lessons-envs-return.png` });
  await variance.screenshot({ path: `${SHOTS}/lessons-envs-variance.png` });
  // The honest comparison: per environment step the 256-env run's curve spans 60x the x range.
  await page.getByLabel('x axis').selectOption('envSteps');
  await expect(page.getByTestId('chart-meanReturn')).toContainText('environment steps');
  await page
    .getByTestId('chart-meanReturn')
    .screenshot({ path: `${SHOTS}/lessons-envs-return-steps.png` });
  await page.getByRole('button', { name: 'Reset' }).click();

  // Clearing a run's own count falls back to the experiment's; the link follows.
  const first = page.getByTestId('run-episodes-0');
  await first.fill('');
  await first.blur();
  await expect(page.getByTestId('run-envs-0')).toHaveText('16');
  await expect(page).not.toHaveURL(/run1\.episodes=/);
  await first.fill('32');
  await first.blur();
  await expect(page.getByTestId('run-envs-0')).toHaveText('32');
  await expect(page).toHaveURL(/run1\.episodes=32/);
});

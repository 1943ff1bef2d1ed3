import { expect, test, type Page } from '@playwright/test';

/**
 * The two normalisation lessons open, train and draw their charts: the task-weight scatter
 * (std normalisation) and the distinct-advantages chart (multi-reward collapse). Screenshots go
 * to SHOTS_DIR when it is set, for a look by eye.
 */
const shots = process.env.SHOTS_DIR;

async function openAndTrain(page: Page, id: string, updates: number): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByTestId(`open-lesson-${id}`).click();
  await expect(page.getByTestId('lesson-banner')).toBeVisible();
  // A short budget, then the run finishes on its own (a Pause could race the finish).
  await page.getByLabel('Updates to train').fill(String(updates));
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 120_000 });
  expect(Number(await page.getByTestId('update-count').innerText())).toBe(updates);
}

test('std-normalisation lesson: the task-weight chart draws a dot per task for each run', async ({
  page,
}) => {
  await openAndTrain(page, 'std-normalisation', 40);
  const chart = page.getByTestId('chart-taskWeights');
  await expect(chart).toBeVisible();
  // 32 tasks, drawn for 32 groups per update: most tasks appear, for each of the three runs.
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')))
    .toBeGreaterThan(45);
  await expect(chart.locator('.recharts-legend-item')).toHaveCount(5); // 2 curves + 3 runs
  await expect(chart.getByText('mean |A| per step')).toBeVisible();
  await expect(chart.getByText('task success rate p in the update')).toBeVisible();
  if (shots) {
    await page
      .getByTestId('lesson-banner')
      .screenshot({ path: `${shots}/lessons-norm-std-banner.png` });
    await chart.screenshot({ path: `${shots}/lessons-norm-std-chart.png` });
    await page.screenshot({ path: `${shots}/lessons-norm-std-page.png`, fullPage: true });
  }
  // Hovering a dot names its task. The pointer moves onto the dot and then by a pixel, so a
  // mouseenter fires even if it was already there; retried in case a redraw moved the dots.
  const tooltip = chart.locator('.chart-tooltip');
  await expect(async () => {
    const box = await chart.locator('.recharts-scatter-symbol').last().boundingBox();
    if (!box) throw new Error('no dot drawn');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
    await expect(tooltip).toContainText(/task \d+: success/, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  if (shots) await chart.screenshot({ path: `${shots}/lessons-norm-std-tooltip.png` });
});

test('multi-reward lesson: the distinct-advantages chart draws both runs', async ({ page }) => {
  await openAndTrain(page, 'multi-reward-collapse', 40);
  const chart = page.getByTestId('chart-distinctAdvantagesPerGroup');
  // Metric charts redraw only while on screen.
  await chart.scrollIntoViewIfNeeded();
  await expect(chart).toBeVisible();
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')))
    .toBeGreaterThan(10);
  await expect(chart.locator('.legend-item')).toHaveCount(2);
  if (shots) {
    await chart.screenshot({ path: `${shots}/lessons-norm-distinct-chart.png` });
    await page.screenshot({ path: `${shots}/lessons-norm-multi-page.png`, fullPage: true });
  }
});

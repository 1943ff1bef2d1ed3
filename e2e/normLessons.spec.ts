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
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('update-count').innerText()), {
      timeout: 120_000,
    })
    .toBeGreaterThanOrEqual(updates);
  await page.getByRole('button', { name: 'Pause' }).click();
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
  // Hovering a dot names its task (dots overlap: the pointer lands on whichever is on top).
  await chart.locator('.recharts-scatter-symbol').last().hover({ force: true });
  await expect(chart.locator('.chart-tooltip')).toContainText(/task \d+: success/);
});

test('multi-reward lesson: the distinct-advantages chart shows GDPO above GRPO', async ({
  page,
}) => {
  await openAndTrain(page, 'multi-reward-collapse', 40);
  const chart = page.getByTestId('chart-distinctAdvantagesPerGroup');
  await expect(chart).toBeVisible();
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')))
    .toBeGreaterThan(10);
  if (shots) {
    await chart.screenshot({ path: `${shots}/lessons-norm-distinct-chart.png` });
    await page.screenshot({ path: `${shots}/lessons-norm-multi-page.png`, fullPage: true });
  }
});

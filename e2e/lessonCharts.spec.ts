import { expect, test, type Page } from '@playwright/test';

/** Where screenshots go: SHOTS_DIR (e.g. /work/wt/shots) to review them, else test-results. */
const SHOTS = process.env.SHOTS_DIR ?? 'test-results';

async function openLessonAndTrain(page: Page, id: string, updates: number): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '');
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Lessons' })
    .click();
  await page.getByTestId(`open-lesson-${id}`).click();
  await expect(page.getByTestId('lesson-banner')).toBeVisible();
  await page.getByLabel('Updates to train').fill(String(updates));
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 120_000 });
}

test('entropy-collapse: return vs entropy draws one dot per update and fits R = −a·exp(H) + b per run', async ({
  page,
}) => {
  await openLessonAndTrain(page, 'entropy-collapse', 80);
  const chart = page.getByTestId('chart-rewardEntropy');
  await expect(chart).toBeVisible();
  // 3 runs x 80 updates, each update one dot (no decimation below 300 per run).
  await expect(chart).toHaveAttribute('data-points', '240');
  await expect(chart.locator('.recharts-scatter-symbol path')).toHaveCount(240);
  // One dashed fitted curve per run.
  await expect(chart.locator('.recharts-scatter-line path')).toHaveCount(3);
  // Each run's fitted ceiling is a number, within the return range of a Bernoulli bandit
  // give or take the extrapolation to H = 0.
  for (const run of ['run-1', 'run-2', 'run-3']) {
    const ceiling = Number(await chart.getByTestId(`fit-ceiling-${run}`).innerText());
    expect(Number.isFinite(ceiling)).toBe(true);
    expect(Math.abs(ceiling)).toBeLessThan(5);
    await expect(chart.getByTestId(`fit-${run}`)).toContainText('80');
  }
  await expect(chart.locator('.recharts-wrapper > svg')).toContainText('entropy H (nats)');
  await chart.scrollIntoViewIfNeeded();
  // Hovering a dot names its run and update.
  await chart.locator('.recharts-scatter-symbol path').last().hover({ force: true });
  await expect(chart.locator('.recharts-tooltip-wrapper')).toContainText(/update \d+: H = /);
  await chart.screenshot({ path: `${SHOTS}/lesson-charts-reward-entropy.png` });
  await page.screenshot({ path: `${SHOTS}/lesson-charts-entropy-collapse.png`, fullPage: true });
});

test('geometry: each run draws its policy path on the 3-arm simplex, one point per update', async ({
  page,
}) => {
  await openLessonAndTrain(page, 'geometry', 60);
  const chart = page.getByTestId('chart-simplex');
  await expect(chart).toBeVisible();
  await expect(chart.getByTestId('simplex-arm-1')).toHaveText('arm 1E[r] = 0.200');
  await expect(chart.getByTestId('simplex-arm-3')).toHaveText('arm 3 ★E[r] = 0.800');
  for (const run of ['run-1', 'run-2', 'run-3']) {
    // Start + 60 updates: "M" then 60 "L" segments.
    const d = (await chart.getByTestId(`simplex-path-${run}`).getAttribute('d')) ?? '';
    expect(d.split('L').length).toBe(61);
    await expect(chart.getByTestId(`simplex-row-${run}`)).toContainText('60');
  }
  // The natural gradient moves further toward the best arm (arm 3) than the vanilla step.
  const pi3 = async (run: string) =>
    Number(await chart.getByTestId(`simplex-row-${run}`).locator('td').nth(3).innerText());
  expect(await pi3('run-2')).toBeGreaterThan(await pi3('run-1'));
  await chart.scrollIntoViewIfNeeded();
  // The pointer over the triangle's centroid reads the uniform policy.
  const box = (await chart.locator('polygon').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + (box.height * 2) / 3);
  await expect(chart.getByTestId('simplex-pointer')).toHaveText(
    /^under the pointer:π = \(0\.3[34], 0\.3[34], 0\.3[34]\)$/,
  );
  await chart.screenshot({ path: `${SHOTS}/lesson-charts-simplex.png` });
  await page.screenshot({ path: `${SHOTS}/lesson-charts-geometry.png`, fullPage: true });
});

test('the simplex chart says what it needs on an environment without three arms', async ({
  page,
}) => {
  await page.goto('/?backend=wasm#v=1&charts=simplex');
  await expect(page.getByTestId('simplex-unavailable')).toContainText(
    'needs a single-task 3-armed bandit (this bandit has 10 arms)',
  );
});

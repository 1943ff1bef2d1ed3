import { expect, test, type Page } from '@playwright/test';

/** Records every main-thread long task (PerformanceObserver 'longtask') from page load on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Durations (ms) of the long tasks that started after `since` (page time, ms). */
const longTasksSince = (page: Page, since: number) =>
  page.evaluate(
    (t0) =>
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
        .filter((e) => e.start >= t0)
        .map((e) => e.duration),
    since,
  );
const pageNow = (page: Page) => page.evaluate(() => performance.now());
const updateCount = async (page: Page) =>
  Number(await page.getByTestId('update-count').innerText());
const chartPoints = async (page: Page, metric: string) =>
  Number(await page.getByTestId(`chart-${metric}`).getAttribute('data-points'));
const recentReward = async (page: Page, run: number) =>
  Number(await page.getByTestId(`run-recent-reward-${run}`).innerText());

/** Neural policy, Adam: so training really runs tfjs on the backend under test. */
async function chooseNeuralPolicy(page: Page): Promise<void> {
  await page.getByTestId('policy-kind').selectOption('mlp');
  for (const runEditor of await page.locator('.run-editor').all()) {
    await runEditor.getByLabel('Learning rate').fill('0.05');
    await runEditor.getByLabel('Optimiser').selectOption('adam');
  }
  await page.getByLabel('Speed').selectOption('max');
  await page.getByLabel('Updates to train').fill('100000');
}

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`trains on ${backend}: backend shown, reward rises, charts draw, pause and step, no long tasks`, async ({
    page,
  }) => {
    await watchLongTasks(page);
    await page.goto(`/?backend=${backend}`);

    // (a) The worker runs on the requested backend, and the page says so.
    const badge = page.getByTestId('backend');
    await expect(badge).toHaveAttribute('data-backend', backend);
    const reason = await page.getByTestId('backend-reason').innerText();
    console.log(`[${backend}] backend reason: ${reason.trim()}`);

    await chooseNeuralPolicy(page);
    const trainingStarted = await pageNow(page);
    // Three single steps from a fresh start: the untrained policy's reward, measured exactly.
    for (let k = 1; k <= 3; k++) {
      await page.getByRole('button', { name: 'Step' }).click();
      await expect(page.getByTestId('update-count')).toHaveText(String(k));
    }
    await expect(page.getByTestId('worker-state')).toHaveText('paused');
    const early = [await recentReward(page, 0), await recentReward(page, 1)];
    const pointsEarly = await chartPoints(page, 'meanReturn');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('worker-state')).toHaveText('running');

    // (b) Charts draw new points and reward rises.
    await expect.poll(() => updateCount(page), { timeout: 150_000 }).toBeGreaterThanOrEqual(150);
    const late = [await recentReward(page, 0), await recentReward(page, 1)];
    expect(await chartPoints(page, 'meanReturn')).toBeGreaterThan(pointsEarly);
    expect(await chartPoints(page, 'entropy')).toBeGreaterThan(0);
    console.log(`[${backend}] mean reward: first 3 updates ${early}, last 20 updates ${late}`);
    // Uniform play pays 0.425 on average (sd over 3 x 32 pulls ~ 0.05); the best arm pays 0.8.
    for (let r = 0; r < 2; r++) expect(late[r]).toBeGreaterThan(early[r] + 0.15);

    // (c) Pause stops updates; Step advances exactly one.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('worker-state')).toHaveText('paused');
    const atPause = await updateCount(page);
    await page.waitForTimeout(1500);
    expect(await updateCount(page)).toBe(atPause);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => updateCount(page)).toBe(atPause + 1);
    await page.waitForTimeout(1000);
    expect(await updateCount(page)).toBe(atPause + 1);
    await expect(page.getByTestId('run-updates-0')).toHaveText(String(atPause + 1));

    // (d) The main thread never blocked for more than 200 ms while training.
    const tasks = await longTasksSince(page, trainingStarted);
    console.log(
      `[${backend}] long tasks (ms): ${tasks.length ? tasks.map((d) => d.toFixed(0)).join(', ') : 'none'}`,
    );
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(200);
  });
}

test('tabular REINFORCE learns the bandit; keyboard shortcuts work', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await page.getByLabel('Speed').selectOption('max');
  await page.locator('body').press(' ');
  await expect(page.getByTestId('worker-state')).toHaveText(/running|finished/);
  await expect(page.getByTestId('worker-state')).toHaveText('finished', { timeout: 60_000 });
  expect(await updateCount(page)).toBe(500);
  for (let r = 0; r < 2; r++) expect(await recentReward(page, r)).toBeGreaterThan(0.7);
  await page.screenshot({ path: 'test-results/tabular-trained.png', fullPage: true });
  await page.locator('body').press('r');
  await expect(page.getByTestId('update-count')).toHaveText('0');
});

test('bad URL parameters give visible notices and a working page', async ({ page }) => {
  await page.goto('/?backend=quantum&colour=blue');
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'Unknown backend "quantum"' })).toBeVisible();
  await expect(notices.filter({ hasText: '"colour"' })).toBeVisible();
  // auto never picks the software (SwiftShader) WebGPU adapter.
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '');
  const chosen = await page.getByTestId('backend').getAttribute('data-backend');
  expect(chosen).not.toBe('webgpu');
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('update-count')).toHaveText('1');
});

test('a worker exception is shown, the UI stays usable, and training restarts', async ({
  page,
}) => {
  await page.goto('/?backend=cpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => updateCount(page)).toBeGreaterThan(2);
  await page.evaluate(() =>
    (window as unknown as { __playground: { send(m: unknown): void } }).__playground.send({
      type: 'debugThrow',
      message: 'injected failure',
    }),
  );
  await expect(page.getByTestId('error')).toContainText('injected failure');
  await expect(page.getByTestId('worker-state')).toHaveText('stopped');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect.poll(() => updateCount(page)).toBeGreaterThan(2);
});

test('invalid settings are rejected with a message naming them', async ({ page }) => {
  await page.goto('/?backend=cpu');
  const probs = page.getByTestId('arm-probabilities');
  await probs.fill('0.2, 1.7, 0.4');
  await expect(page.getByRole('alert')).toContainText(
    'Arm 2: "1.7" is not a probability in [0, 1]',
  );
  await page.getByTestId('policy-kind').selectOption('mlp');
  const layers = page.getByLabel('Hidden layers (units, comma-separated)');
  await layers.fill('64, abc');
  await expect(page.getByRole('alert').filter({ hasText: 'Hidden layer 2' })).toHaveText(
    'Hidden layer 2: "abc" is not a whole number of units from 1 to 1024',
  );
  await layers.blur();
  await layers.fill('48');
  await expect(page.getByRole('alert').filter({ hasText: 'Hidden layer' })).toHaveCount(0);
});

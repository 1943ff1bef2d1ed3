import { expect, test } from '@playwright/test';
import { CLASS_PRESETS } from '../src/core/estimators/presets';

test('a class: 8 estimators x 5 seeds (40 runs) x 5000 updates, the page stays responsive', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: [number, number][]; __frames: number[] };
    w.__longTasks = [];
    w.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  });
  // Issue 7's class: 4-8 estimators x 3-5 seeds at once. The link names the 8 estimators; the
  // seeds are made in the page, as a teacher would.
  const runs = CLASS_PRESETS.map((p, k) => `run${k + 1}=${p}&run${k + 1}.lr=0.5`);
  const charts = 'meanReturn,entropy,gradVariance,gradError,advantages,updateSize';
  await page.goto(
    `/?backend=wasm#v=1&group=8&runs=8&${runs.join('&')}&updates=5000&speed=max&charts=${charts}`,
  );
  await page.getByTestId('seeds-per-configuration').selectOption('5');
  await expect(page.getByTestId('runs-count')).toHaveText(
    '8 configurations · 40 runs (at most 40)',
  );
  await expect(page.locator('.run-table tbody tr')).toHaveCount(40);
  // Seeds share their estimator's colour: 8 colours for 40 runs.
  const colours = await page
    .locator('.run-table tbody th')
    .evaluateAll((ths) => ths.map((th) => getComputedStyle(th).color));
  expect(new Set(colours).size).toBe(8);
  expect(colours.slice(0, 5).every((c) => c === colours[0])).toBe(true);
  // The arms show one column per estimator (its seeds' mean), next to Arm and Expected reward.
  await expect(page.getByTestId('arms-view').locator('thead th')).toHaveCount(2 + 8);
  await expect(page.getByTestId('arms-view').locator('thead th').nth(2)).toContainText(
    'mean of 5 seeds',
  );
  // Later seeds are one line each in the settings; Edit opens a seed's whole card.
  await expect(page.getByTestId('seed-row-1')).toContainText('Seed');
  await expect(page.getByTestId('preset-1')).toHaveCount(0);
  await page.getByTestId('seed-row-1').getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByTestId('preset-1')).toHaveValue('reinforce');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  // Long tasks from here on happen while training; earlier ones are the page loading.
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Start' }).click();
  // Frame intervals (requestAnimationFrame) while training: how smooth the page stays; and every
  // redraw of the return chart (its point count changes).
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __redraws: number };
    w.__redraws = 0;
    const chart = document.querySelector('[data-testid=chart-meanReturn]') as Element;
    new MutationObserver(() => w.__redraws++).observe(chart, {
      attributes: true,
      attributeFilter: ['data-last-x'],
    });
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const points = async () =>
    Number(await page.getByTestId('chart-meanReturn').getAttribute('data-points'));
  let drawn = 0;
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const p = await points();
        if (p !== drawn) seen.push(p);
        drawn = p;
        return page.getByTestId('worker-state').innerText();
      },
      { timeout: 240_000, intervals: [1000] },
    )
    .toBe('finished');
  expect(Number(await page.getByTestId('update-count').innerText())).toBe(5000);
  // Every run finished its 5000 updates.
  await expect(page.locator('[data-testid^=run-updates-]', { hasText: /^5000$/ })).toHaveCount(40);
  const { longTasks, frames, redraws } = await page.evaluate(() => {
    const w = window as unknown as {
      __longTasks: [number, number][];
      __frames: number[];
      __redraws: number;
    };
    return { longTasks: w.__longTasks, frames: w.__frames, redraws: w.__redraws };
  });
  const training = longTasks.filter(([start]) => start >= started).map(([, d]) => d);
  const loading = longTasks.filter(([start]) => start < started).map(([, d]) => d);
  const sorted = [...frames].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const longest = (d: number[]) => Math.max(0, ...d).toFixed(0);
  console.log(
    `frames: ${frames.length}, interval p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms; ` +
      `long tasks while training: ${training.length}, longest ${longest(training)} ms, over 200 ms: ${training.filter((d) => d > 200).length}; ` +
      `while loading the page: ${loading.length}, longest ${longest(loading)} ms; chart redraws: ${redraws}`,
  );
  // The charts kept drawing: the point count changed several times during training, not only at
  // the end. (16 runs x 5000 bandit updates trained in 3-5 s, with 5-8 redraws.)
  expect(redraws).toBeGreaterThanOrEqual(3);
  // The goal: no main-thread task over 200 ms while 40 runs train. Charts are plain SVG
  // paths redrawn only on screen, each chart contains its own layout and paint, and SVG geometry
  // is not hit-tested: Chromium traces put the longest task at 76-88 ms on this 2-core machine
  // (it was 194-272 ms before the containment, and 0.7-1.1 s with recharts).
  expect(Math.max(0, ...training)).toBeLessThanOrEqual(200);
  // The advantage histogram pools each estimator's seeds: 8 lines, not 40.
  const advantageLegend = page
    .getByTestId('chart-advantages')
    .locator('.series-legend')
    .first()
    .locator('.legend-item');
  await expect(advantageLegend).toHaveCount(8);
  await expect(advantageLegend.first()).toContainText('REINFORCE · 5 seeds pooled');
  // Hovering a chart still shows the exact values (the SVG geometry is not hit-tested; the
  // readout listens on the <svg> itself).
  const returnPlot = page.getByTestId('chart-meanReturn').locator('svg').first();
  await returnPlot.scrollIntoViewIfNeeded();
  const box = (await returnPlot.boundingBox()) as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  const readout = page.getByTestId('chart-meanReturn').locator('.series-readout');
  await expect(readout).toContainText('update');
  await expect(readout).toContainText('REINFORCE + baseline · seeds 1, 2, 3, 4, 5');
  await page.screenshot({ path: 'test-results/40-runs.png', fullPage: true });
});

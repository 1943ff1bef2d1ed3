import { expect, test } from '@playwright/test';
import { LESSONS } from '../src/core/lessons/lessons';

/**
 * Every lesson opens from the gallery, trains, and draws its charts; a screenshot of each is saved
 * to test-results/lessons/<id>.png (issue 8). Each lesson trains only a few updates here: its
 * phenomenon for the fixed seed is checked by its unit test in src/core/lessons.
 */
for (const lesson of LESSONS) {
  test(`lesson "${lesson.title}" opens from the gallery, trains and draws its charts`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Lessons' })
      .click();
    await page.getByTestId(`open-lesson-${lesson.id}`).click();
    await expect(page.getByTestId('lesson-banner')).toContainText(lesson.title);
    // The lesson's charts, as its experiment lists them.
    const charts = page.locator('.charts figure');
    await expect(charts.first()).toBeVisible();
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Start' }).click();
    // A few updates, then every metric chart has points and every other chart has drawn.
    await expect
      .poll(async () => Number(await page.getByTestId('update-count').innerText()), {
        timeout: 150_000,
      })
      .toBeGreaterThanOrEqual(5);
    // Small lessons may already have finished their budget at full speed; others pause here.
    // (It may also finish between seeing the Pause button and clicking it: then there is none.)
    const pause = page.getByRole('button', { name: 'Pause' });
    if (await pause.isVisible()) await pause.click({ timeout: 5_000 }).catch(() => undefined);
    await expect(page.getByTestId('worker-state')).toHaveText(/paused|finished/);
    const metricCharts = page.locator('.charts figure[data-points]');
    // Charts redraw only while on screen: scroll each into view, then it catches up.
    for (let k = 0; k < (await metricCharts.count()); k++) {
      await metricCharts.nth(k).scrollIntoViewIfNeeded();
      await expect
        .poll(async () => Number(await metricCharts.nth(k).getAttribute('data-points')))
        .toBeGreaterThan(0);
    }
    for (let k = 0; k < (await charts.count()); k++)
      await expect(charts.nth(k).locator('svg, canvas').first()).toBeVisible();
    await page.screenshot({ path: `test-results/lessons/${lesson.id}.png`, fullPage: true });
  });
}

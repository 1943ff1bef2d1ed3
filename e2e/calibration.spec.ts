import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

/**
 * `auto` measures the backend (issue 7): the first Start of a neural experiment times every
 * backend and shows the times; a reload reuses the cached measurement; ?backend=x never calibrates.
 */
const badge = (page: Page) => page.getByTestId('backend');
const reason = (page: Page) => page.getByTestId('backend-reason');
const updateCount = async (page: Page) =>
  Number(await page.getByTestId('update-count').innerText());

async function chooseMlp(page: Page): Promise<void> {
  await page.getByTestId('policy-kind').selectOption('mlp');
  await page.getByLabel('Speed').selectOption('max');
}

test('first start calibrates and shows times, reload uses the cache, Recalibrate clears it', async ({
  page,
}) => {
  await page.goto('/');
  await expect(badge(page)).toHaveAttribute('data-calibration', 'pending');
  await expect(reason(page)).toContainText('until the first Start of a neural experiment');

  // A tabular policy does no tensor work: nothing is timed.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(badge(page)).toHaveAttribute('data-calibration', 'not-needed');
  await expect(reason(page)).toContainText('tabular policy');
  await page.getByRole('button', { name: 'Reset' }).click();

  await chooseMlp(page);
  const sawCalibrating = page.waitForSelector('[data-calibration="running"]', { timeout: 30_000 });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start' }).click();
  await sawCalibrating;
  await page.locator('header').screenshot({ path: 'test-results/calibration-running.png' });
  await expect(badge(page)).toHaveAttribute('data-calibration', 'measured');
  const calibrationMs = Date.now() - t0;
  const measured = await reason(page).innerText();
  console.log(`[calibration] ${measured.trim()} (${calibrationMs} ms from Start)`);
  // Times per backend, fastest first, and the pick; the badge names the picked backend.
  expect(measured).toMatch(/measured: \w+.* [\d.]+ ms\/step/);
  const picked = /picked (\w+)/.exec(measured)?.[1];
  expect(picked).toBeTruthy();
  await expect(badge(page)).toHaveAttribute('data-backend', picked as string);
  for (const name of ['wasm', 'cpu', 'webgl']) expect(measured).toContain(name);
  await expect.poll(() => updateCount(page)).toBeGreaterThan(2);
  await page.locator('header').screenshot({ path: 'test-results/calibration-measured.png' });

  // The experiment is in the URL, so a reload shows the same one: the cached pick is used.
  await page.reload();
  await expect(badge(page)).toHaveAttribute('data-calibration', 'pending');
  await expect(page.getByTestId('policy-kind')).toHaveValue('mlp');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(badge(page)).toHaveAttribute('data-calibration', 'cached');
  await expect(reason(page)).toContainText('cached');
  await expect(reason(page)).toContainText(`picked ${picked}`);
  await page.locator('header').screenshot({ path: 'test-results/calibration-cached.png' });
  await expect(badge(page)).toHaveAttribute('data-backend', picked as string);
  await expect.poll(() => updateCount(page)).toBeGreaterThan(2);

  // Recalibrate forgets the measurement; the next Start measures again.
  await page.getByTestId('recalibrate').click();
  await expect(badge(page)).toHaveAttribute('data-calibration', 'pending');
  await expect(reason(page)).toContainText('calibration cleared');
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(badge(page)).toHaveAttribute('data-calibration', 'measured');
});

test('?backend=cpu is used as forced and never calibrated', async ({ page }) => {
  await page.goto('/?backend=cpu');
  await expect(badge(page)).toHaveAttribute('data-backend', 'cpu');
  await expect(badge(page)).toHaveAttribute('data-calibration', 'forced');
  await expect(page.getByTestId('recalibrate')).toHaveCount(0);
  await chooseMlp(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => updateCount(page)).toBeGreaterThan(2);
  await expect(badge(page)).toHaveAttribute('data-calibration', 'forced');
  await expect(reason(page)).toHaveText(/cpu: forced by \?backend=cpu/);
});

test('a backend that fails during calibration is skipped with a notice', async ({ baseURL }) => {
  // A browser of its own without any GPU (not even the software rasteriser): webgl cannot start.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--disable-gpu', '--disable-software-rasterizer'],
  });
  try {
    const page = await browser.newPage({ baseURL, viewport: { width: 1400, height: 1000 } });
    await page.goto('/');
    await expect(badge(page)).toHaveAttribute('data-calibration', 'pending');
    await chooseMlp(page);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(badge(page)).toHaveAttribute('data-calibration', 'measured');
    console.log(`[no webgl] ${(await reason(page).innerText()).trim()}`);
    await expect(reason(page)).toContainText('webgl failed');
    await expect(
      page.getByTestId('notice').filter({ hasText: 'Calibration skipped webgl' }),
    ).toBeVisible();
    await expect(page.getByTestId('error')).toHaveCount(0);
    await expect.poll(() => updateCount(page)).toBeGreaterThan(2);
  } finally {
    await browser.close();
  }
});

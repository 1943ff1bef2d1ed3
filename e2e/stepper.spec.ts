import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The step-by-step view of one update: it runs exactly one update, and the numbers on its stages
 * agree with each other (advantages = returns - baselines, g = sum_i w_i A_i (e_a - pi), the new
 * policy = the old one moved by eta g and renormalised, every row summing to 1).
 */

const SHOTS = process.env.STEPPER_SHOTS ?? 'test-results';
const updateCount = async (page: Page) =>
  Number(await page.getByTestId('update-count').innerText());
const value = async (cell: Locator) => Number(await cell.getAttribute('data-value'));

async function ready(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /.+/);
}

test('default bandit: step through one update, every number consistent', async ({ page }) => {
  await ready(page, '/?backend=wasm');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('update-count')).toHaveText('1');

  await page
    .getByRole('toolbar', { name: 'Training controls' })
    .screenshot({ path: `${SHOTS}/stepper-toolbar.png` });
  await page.getByTestId('explain-step').click();
  const stepper = page.getByTestId('stepper');
  await expect(stepper).toBeVisible();
  await expect(page.getByTestId('explained-update')).toHaveText('2');
  // Exactly one update ran, and training stays paused.
  await expect(page.getByTestId('update-count')).toHaveText('2');
  await expect(page.getByTestId('worker-state')).toHaveText('paused');

  // 1. Episodes: the default experiment's 32 pulls of run 1 (REINFORCE).
  await expect(page.getByTestId('stage-episodes')).toBeVisible();
  await expect(page.getByTestId('stepper-estimator')).toContainText('REINFORCE');
  const rows = page.locator('[data-testid^="episode-row-"]');
  await expect(rows).toHaveCount(32);
  await page.screenshot({ path: `${SHOTS}/stepper-1-episodes.png` });

  // 2. Returns (keyboard: →).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-returns')).toBeVisible();
  await expect(stepper.locator('.katex').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/stepper-2-returns.png` });

  // 3. Baseline: REINFORCE has none.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-baseline')).toBeVisible();
  for (let e = 0; e < 32; e++) expect(await value(page.getByTestId(`baseline-${e}`))).toBe(0);
  await page.screenshot({ path: `${SHOTS}/stepper-3-baseline.png` });

  // 4. Advantages (Next button): A = R - b, each step weighted 1/32 (token-mean).
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByTestId('stage-advantages')).toBeVisible();
  const episodes: { action: number; adv: number; weight: number }[] = [];
  for (let e = 0; e < 32; e++) {
    const R = await value(page.getByTestId(`return-${e}`));
    const b = await value(page.getByTestId(`baseline-${e}`));
    const adv = await value(page.getByTestId(`advantage-${e}`));
    const weight = await value(page.getByTestId(`weight-${e}`));
    expect(adv).toBeCloseTo(R - b, 6);
    expect(weight).toBeCloseTo(1 / 32, 7);
    episodes.push({ action: await value(page.getByTestId(`actions-${e}`)), adv, weight });
  }
  await page.screenshot({ path: `${SHOTS}/stepper-4-advantages.png` });

  // 5. Gradient: g_a = sum_i w_i A_i (1[a_i = a] - pi_old(a)), and it sums to 0 over the arms.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-gradient')).toBeVisible();
  const K = 10;
  const piOld: number[] = [];
  const g: number[] = [];
  for (let a = 0; a < K; a++) {
    piOld.push(await value(page.getByTestId(`pi-old-0-${a}`)));
    g.push(await value(page.getByTestId(`grad-0-${a}`)));
    const byHand = episodes.reduce(
      (s, ep) => s + ep.weight * ep.adv * ((ep.action === a ? 1 : 0) - piOld[a]),
      0,
    );
    expect(g[a]).toBeCloseTo(byHand, 5);
  }
  expect(g.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 9);
  await page.screenshot({ path: `${SHOTS}/stepper-5-gradient.png` });

  // 6. New policy: SGD with eta = 0.5, so pi_new(a) is proportional to pi_old(a) exp(0.5 g_a).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-policy')).toBeVisible();
  const unnorm = piOld.map((p, a) => p * Math.exp(0.5 * g[a]));
  const Z = unnorm.reduce((s, x) => s + x, 0);
  let sum = 0;
  for (let a = 0; a < K; a++) {
    const p = await value(page.getByTestId(`policy-new-0-${a}`));
    expect(p).toBeCloseTo(unnorm[a] / Z, 6);
    sum += p;
  }
  expect(sum).toBeCloseTo(1, 9);
  await expect(page.getByTestId('policy-sum-new-0')).toHaveText('1.000');
  await page.screenshot({ path: `${SHOTS}/stepper-6-policy.png` });

  // ← goes back; Esc closes without running anything.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('stage-gradient')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(stepper).toBeHidden();
  await page.waitForTimeout(500);
  expect(await updateCount(page)).toBe(2);

  // E opens it again on the next update; "Next update" on the last stage explains the one after.
  await page.locator('body').press('e');
  await expect(page.getByTestId('explained-update')).toHaveText('3');
  await stepper.locator('select').selectOption({ label: 'REINFORCE + baseline' });
  await expect(page.getByTestId('explained-update')).toHaveText('4');
  await expect(page.getByTestId('stepper-estimator')).toContainText('ema');
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await page.getByRole('button', { name: 'Next update ⟳' }).click();
  await expect(page.getByTestId('explained-update')).toHaveText('5');
  await expect(page.getByTestId('stage-episodes')).toBeVisible();
  expect(await updateCount(page)).toBe(5);

  // While training runs, the button pauses it and explains the next update.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => updateCount(page)).toBeGreaterThan(8);
  await page.getByTestId('explain-step').click();
  await expect(page.getByTestId('worker-state')).toHaveText('paused');
  await expect(stepper).toBeVisible();
  const explained = Number(await page.getByTestId('explained-update').innerText());
  await expect(page.getByTestId('update-count')).toHaveText(String(explained));
});

test('gridworld: per-step table, several states, every policy row sums to 1', async ({ page }) => {
  await ready(page, '/?backend=wasm');
  await page.getByTestId('family-gridworld').check();
  await page.getByLabel('Episodes per update (per run)').fill('16');
  await page.getByTestId('explain-step').click();
  await expect(page.getByTestId('explained-update')).toHaveText('1');
  await expect(page.getByTestId('update-count')).toHaveText('1');
  await expect(page.locator('[data-testid^="episode-row-"]')).toHaveCount(16);
  await expect(page.getByRole('region', { name: /Steps of episode 1/ })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: `${SHOTS}/stepper-grid-advantages.png` });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('stage-gradient')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/stepper-grid-gradient.png` });
  await page.keyboard.press('ArrowRight');
  const sums = page.locator('[data-testid^="policy-sum-new-"]');
  expect(await sums.count()).toBeGreaterThan(1);
  for (const s of await sums.all()) await expect(s).toHaveText('1.000');
  await page.screenshot({ path: `${SHOTS}/stepper-grid-policy.png` });
});

test('neural policies: the button is disabled and says why', async ({ page }) => {
  await ready(page, '/?backend=wasm');
  await page.getByTestId('policy-kind').selectOption('mlp');
  const button = page.getByTestId('explain-step');
  await expect(button).toBeDisabled();
  await expect(page.locator('span', { has: button })).toHaveAttribute(
    'title',
    /need a tabular policy.*MLP/,
  );
  await page
    .getByRole('toolbar', { name: 'Training controls' })
    .screenshot({ path: `${SHOTS}/stepper-toolbar-disabled.png` });
});

test('a stepper link opens the experiment on the linked update, with the same numbers', async ({
  page,
  browser,
}) => {
  await ready(page, '/?backend=wasm#env=gridworld&grid=frozenlake4x4');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('update-count')).toHaveText('1');
  await page.getByTestId('explain-step').click();
  await expect(page.getByTestId('explained-update')).toHaveText('2');
  const rows = page.locator('[data-testid^="episode-row-"]');
  await expect(rows.first()).toBeVisible();
  const episodes = await rows.allInnerTexts();

  await page.getByTestId('stepper-copy-link').click();
  const link = (await page.getByTestId('stepper-copy-link').getAttribute('data-link')) as string;
  expect(link).toMatch(/#v=1&env=gridworld&view=stepper&step\.update=2$/);

  const other = await browser.newPage();
  await other.goto(link.replace('/#', '/?backend=wasm#'));
  await expect(other.getByTestId('stepper')).toBeVisible();
  await expect(other.getByTestId('explained-update')).toHaveText('2', { timeout: 30_000 });
  await expect(other.getByTestId('stage-episodes')).toBeVisible();
  await expect(other.getByTestId('worker-state')).toHaveText('paused');
  // Same seeds, same update: the same episodes, ready at the first stage.
  expect(await other.locator('[data-testid^="episode-row-"]').allInnerTexts()).toEqual(episodes);
  await other.screenshot({ path: `${SHOTS}/stepper-link.png` });
  await other.close();
});

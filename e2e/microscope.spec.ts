import { expect, test, type Page } from '@playwright/test';

/** The estimator microscope tab: numbers computed in its worker, live controls, policy point. */
const text = (page: Page, id: string) => page.getByTestId(id).innerText();

test('the microscope answers changes of group size and policy, by keyboard and by drag', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Microscope' }).click();
  const panel = page.getByTestId('microscope-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('numbers-grpo')).toContainText('∇J', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-charts')).toBeVisible({ timeout: 120_000 });
  // Unbiased estimators read "≈ 0", GRPO and Dr. GRPO "biased" (defaults: N 16, G 4, M 500).
  await expect(page.getByTestId('numbers-reinforce')).toContainText('≈ 0');
  await expect(page.getByTestId('numbers-rloo')).toContainText('≈ 0');
  await expect(page.getByTestId('numbers-grpo')).toContainText('biased');
  await expect(page.getByTestId('numbers-dr-grpo')).toContainText('0.750 ∇J');

  // Group size 4 -> 8: Dr. GRPO's shrink factor (G-1)/G and GRPO's numbers change.
  const grpoBefore = await text(page, 'numbers-grpo');
  await page.getByTestId('ms-group-size').fill('8');
  await expect(page.getByTestId('numbers-dr-grpo')).toContainText('0.875 ∇J', { timeout: 60_000 });
  await expect.poll(() => text(page, 'numbers-grpo')).not.toBe(grpoBefore);

  // A group size that does not divide the batch: a message, and the last numbers stay.
  await page.getByTestId('ms-group-size').fill('5');
  await expect(page.getByTestId('ms-problems')).toContainText(
    'batch size must be a multiple of the group size 5, got 16',
  );
  await page.getByTestId('ms-group-size').fill('4');
  await expect(page.getByTestId('ms-problems')).toHaveCount(0);
  // An arm mean outside [0, 1] for Bernoulli arms: a message naming the arm.
  await page.getByTestId('ms-mean-2').fill('1.5');
  await expect(page.getByTestId('ms-problems')).toContainText(
    'success probability of arm 2 must be in [0, 1], got 1.5',
  );
  await page.getByTestId('ms-mean-2').fill('0.5');
  await expect(page.getByTestId('ms-problems')).toHaveCount(0);

  // Keyboard: the focused policy point moves towards arm 1 with ArrowUp.
  const point = page.getByTestId('policy-point');
  const readout = page.getByTestId('policy-readout');
  const before = await readout.innerText();
  const varianceBefore = await text(page, 'variance-reinforce');
  await point.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  await expect(readout).not.toHaveText(before);
  const pi1 = async () => Number((await readout.innerText()).match(/π\(arm 1\) = ([\d.]+)/)?.[1]);
  expect(await pi1()).toBeGreaterThan(0.45 + 0.05);
  await expect.poll(() => text(page, 'variance-reinforce')).not.toBe(varianceBefore);

  // Drag: pull the point to the bottom right, near arm 3.
  const box = await point.boundingBox();
  const svg = await page.getByTestId('microscope-simplex').locator('svg').boundingBox();
  if (!box || !svg) throw new Error('no policy point on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(svg.x + svg.width * 0.75, svg.y + svg.height * 0.78, { steps: 8 });
  await page.mouse.up();
  const pi3 = Number((await readout.innerText()).match(/π\(arm 3\) = ([\d.]+)/)?.[1]);
  expect(pi3).toBeGreaterThan(0.6);
  await expect(page.getByTestId('numbers-reinforce')).toContainText('∇J', { timeout: 60_000 });
});

const SHOTS = process.env.MICROSCOPE_SHOTS ?? 'test-results';

test('FrozenLake 4x4: cloud and log-log charts; Copy link reopens the same view', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Microscope' }).click();
  await page.getByTestId('ms-source').selectOption('frozenlake4x4');
  await page.getByTestId('ms-group-size').fill('8');
  await expect(page.getByTestId('grid-policy')).toBeVisible();
  await expect(page.getByTestId('ms-status')).toContainText('16 states × 4 actions');
  const cloud = page.getByTestId('gradient-cloud');
  await expect(cloud).toContainText('64 logits (16 states × 4 actions)', { timeout: 60_000 });
  await expect(cloud.getByText('x: along ∇J')).toBeVisible();
  await expect(page.getByTestId('cloud-reinforce').locator('circle').first()).toBeAttached();
  // REINFORCE (a sum per episode, averaged over episodes) is unbiased: its bias is within the
  // noise; GRPO's division by the group's std biases it.
  await expect(page.getByTestId('numbers-reinforce')).toContainText('≈ 0');
  await expect(page.getByTestId('numbers-grpo')).toContainText('biased');
  await expect(page.getByTestId('ms-exact-note')).toContainText('every map up to 16 × 16');
  const sweep = page.getByTestId('sweep-charts');
  await expect(sweep).toBeVisible({ timeout: 120_000 });
  await expect(sweep).toContainText('batch size N (episodes)');
  await sweep.scrollIntoViewIfNeeded();
  await expect(sweep.locator('svg path').first()).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/microscope-frozenlake.png`, fullPage: true });

  await page.getByTestId('ms-copy-link').click();
  const link = await page.getByTestId('ms-copy-link').getAttribute('data-link');
  expect(link).toMatch(/#view=microscope&ms\.env=frozenlake4x4&ms\.G=8$/);
  const other = await browser.newPage();
  await other.goto(link as string);
  await expect(other.getByTestId('microscope-panel')).toBeVisible();
  await expect(other.getByTestId('ms-source')).toHaveValue('frozenlake4x4');
  await expect(other.getByTestId('ms-group-size')).toHaveValue('8');
  await expect(other.getByTestId('gradient-cloud')).toContainText('64 logits', {
    timeout: 60_000,
  });
  await expect(other.getByTestId('ms-status')).toContainText('Look:', { timeout: 60_000 });
  // The same seed and settings: the same numbers.
  const numbers = await page.getByTestId('numbers-reinforce').textContent();
  await expect.poll(() => other.getByTestId('numbers-reinforce').textContent()).toBe(numbers);
  await other.close();
});

test("a run's current policy on the Train tab's gridworld, and a link with a bad value", async ({
  page,
}) => {
  await page.goto('/?backend=wasm#env=gridworld');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /.+/);
  for (let k = 1; k <= 3; k++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByTestId('update-count')).toHaveText(String(k));
  }
  await page.getByRole('button', { name: 'Microscope' }).click();
  await page.getByTestId('ms-use-run-1').click();
  await expect(page.getByTestId('ms-policy-label')).toContainText('current policy');
  await expect(page.getByTestId('ms-source')).toHaveValue('experiment');
  await expect(page.getByTestId('gradient-cloud')).toContainText('64 logits', {
    timeout: 60_000,
  });
  await page.getByTestId('ms-copy-link').click();
  const link = (await page.getByTestId('ms-copy-link').getAttribute('data-link')) as string;
  expect(link).toMatch(/env=gridworld.*view=microscope&ms\.env=experiment&ms\.logits=[-\d.,/]+$/);

  await page.goto('/#view=microscope&ms.env=frozenlake4x4&ms.N=10&ms.G=4');
  await expect(page.getByTestId('microscope-panel')).toBeVisible();
  await expect(
    page.getByText('ms.G=4: the group size must divide the batch size ms.N=10; using ms.G=1'),
  ).toBeVisible();
  await expect(page.getByTestId('ms-group-size')).toHaveValue('1');
});

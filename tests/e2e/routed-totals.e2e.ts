// The staff routed page's tab totals (issue 11 §7, migration 20261201010000) come from the
// dashboards' rollups, not from counting the items: each tab's total must still be exactly the
// number of items the tab lists (all on one page while there are fewer than 20), for every unit
// the demo staff member serves, in both languages. Axe on the page.
import { expect } from '@playwright/test';
import { LOCALES, expectAccessible, messages, signInWithEmail, test } from './support';

const PAGE_SIZE = 20;

for (const locale of LOCALES) {
	test(`each tab's total is the number of items it lists (${locale})`, async ({ page }) => {
		const t = messages(locale);
		await signInWithEmail(page, locale, 'staff', '/staff');
		await page.getByRole('link', { name: t.routing_units_link }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.routing_units_title!);
		await expectAccessible(page);
		const picker = page.getByRole('navigation', { name: t.routing_unit_label });
		const unitHrefs = (await picker.count()) > 0 ? await picker.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)) : [page.url()];
		let seen = 0;
		for (const href of unitHrefs) {
			for (const tab of [t.routing_tab_waiting!, t.routing_tab_overdue!, t.routing_tab_answered!]) {
				await page.goto(href);
				const link = page.getByRole('link', { name: new RegExp(`^${tab}`) });
				const total = Number(/(\d+)\D*$/.exec(await link.innerText())![1]);
				await link.click();
				await expect(link).toHaveAttribute('aria-current', /.+/);
				const rows = page.locator('main a[href*="/staff/submissions/"]');
				await expect(rows, `${href} ${tab}`).toHaveCount(Math.min(total, PAGE_SIZE));
				seen += total;
			}
		}
		// The seed routes items to the demo district: the comparison is not of zeros only.
		expect(seen).toBeGreaterThan(0);
	});
}

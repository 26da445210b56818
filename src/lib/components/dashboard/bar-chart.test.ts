/**
 * The dashboard chart is SVG in the server's HTML (LayerChart with ssr and a fixed size), so it
 * shows without JavaScript; one bar per row (at most 12), hidden from screen readers.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BarChart from './bar-chart.svelte';

describe('bar-chart', () => {
	it('renders SVG bars on the server', () => {
		const rows = Array.from({ length: 15 }, (_, i) => ({ label: `区${i}`, value: i + 1 }));
		const { body } = render(BarChart, { props: { rows, caption: '提交数' } });
		expect(body).toContain('<svg');
		expect(body).toContain('提交数');
		expect(body).toContain('aria-hidden="true"');
		const bars = body.match(/<rect|<path[^>]*lc-bar|class="[^"]*lc-bar/g) ?? [];
		expect(bars.length).toBeGreaterThanOrEqual(12);
	});

	it('draws nothing but the caption when there are no rows', () => {
		const { body } = render(BarChart, { props: { rows: [], caption: '提交数' } });
		expect(body).not.toContain('<svg');
	});
});

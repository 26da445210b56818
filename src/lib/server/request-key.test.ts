import { describe, expect, it } from 'vitest';
import { newRequestKey, requestKeyOf } from './request-key';

describe('request keys', () => {
	it('are random version 4 uuids, a new one per form', () => {
		const keys = new Set(Array.from({ length: 1000 }, newRequestKey));
		expect(keys.size).toBe(1000);
		for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('a posted key (or one in the address) is taken only when it is a uuid', () => {
		const form = (v?: string) => {
			const f = new FormData();
			if (v !== undefined) f.set('request_id', v);
			return f.get('request_id');
		};
		const k = newRequestKey();
		expect(requestKeyOf(form(k))).toBe(k);
		expect(requestKeyOf(form(k.toUpperCase()))).toBe(k);
		for (const bad of [undefined, '', 'x', `${k}x`, ` ${k}`, "'; drop table submissions; --", 'a'.repeat(100000)]) {
			expect(requestKeyOf(form(bad))).toBeNull();
		}
	});
});

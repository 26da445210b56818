import { describe, expect, it } from 'vitest';
import { validateValues } from '$lib/forms/validate';
import { PLACE_KINDS, placeSchema } from './kinds';

const ID = '0e000000-0000-4000-8000-000000000001';

describe('placeSchema', () => {
	it('asks each kind for its own fields only, and sets the others to null', () => {
		expect(validateValues(placeSchema('departments'), { name_zh: ' 教育局 ', name_en: ' ' })).toEqual({
			data: { name_zh: '教育局', name_en: null, code: null, district_id: null, street_office_id: null, community_id: null }
		});
		// A value sent for a field the kind does not have is ignored.
		expect(validateValues(placeSchema('districts'), { name_zh: '区', name_en: 'D', code: 'jing-an', district_id: 'x' }).data).toEqual({
			name_zh: '区', name_en: 'D', code: 'JING-AN', district_id: null, street_office_id: null, community_id: null
		});
		expect(validateValues(placeSchema('schools'), { name_zh: '校', name_en: 'S', district_id: ID, community_id: '' }).data).toMatchObject({
			district_id: ID, community_id: null
		});
	});

	it('names the field of every bad input', () => {
		expect(validateValues(placeSchema('districts'), { name_zh: '', name_en: 'D', code: '-x' }).errors).toEqual({
			name_zh: { code: 'required' }, code: { code: 'invalid' }
		});
		expect(validateValues(placeSchema('communities'), { name_zh: '社区', name_en: 'C', district_id: '', street_office_id: 'nope' }).errors).toEqual({
			district_id: { code: 'required' }, street_office_id: { code: 'invalid' }
		});
		expect(validateValues(placeSchema('schools'), { name_zh: '校'.repeat(201), name_en: 'S', district_id: ID }).errors).toEqual({
			name_zh: { code: 'too_long', max: 200 }
		});
		for (const kind of PLACE_KINDS) expect(validateValues(placeSchema(kind), {}).errors?.name_zh).toEqual({ code: 'required' });
	});
});

import { describe, expect, it } from 'vitest';
import { validateValues } from '$lib/forms/validate';
import { addChildrenSchema, createClassSchema, moveSchema, removeSchema, renameSchema } from './schema';

const SCHOOL = '5c000000-0000-4000-8000-000000000001';

describe('the workbench forms', () => {
	it('add children: 1–60, full-width digits accepted, anything else a clear error', () => {
		expect(validateValues(addChildrenSchema, { count: '30', language: 'zh-CN' }).data).toEqual({ count: 30, language: 'zh-CN' });
		expect(validateValues(addChildrenSchema, { count: ' ３８ ', language: 'en' }).data).toEqual({ count: 38, language: 'en' });
		for (const [count, code] of [['', 'required'], ['0', 'invalid'], ['61', 'invalid'], ['-3', 'invalid'], ['2.5', 'invalid'], ['三十', 'invalid'], ['9'.repeat(50), 'invalid']]) {
			expect(validateValues(addChildrenSchema, { count: count!, language: 'en' }).errors?.count?.code, count).toBe(code);
		}
		expect(validateValues(addChildrenSchema, { count: '3', language: 'fr' }).errors?.language?.code).toBe('choose_one');
		expect(validateValues(addChildrenSchema, { count: '3' }).errors?.language?.code).toBe('choose_one');
	});

	it('set up a class: a school chosen, a name, a grade 1–12, a school year', () => {
		const ok = validateValues(createClassSchema, { school_id: SCHOOL, name: ' 五年级三班 ', grade: '5', school_year: '2026' });
		expect(ok.data).toEqual({ school_id: SCHOOL, name: '五年级三班', grade: 5, school_year: 2026 });
		const bad = validateValues(createClassSchema, { school_id: 'x', name: '', grade: '', school_year: '' }).errors!;
		expect(Object.fromEntries(Object.entries(bad).map(([k, v]) => [k, v.code]))).toEqual({
			school_id: 'choose_one', name: 'required', grade: 'choose_one', school_year: 'choose_one'
		});
		expect(validateValues(createClassSchema, { school_id: SCHOOL, name: 'a', grade: '13', school_year: '2026' }).errors?.grade?.code).toBe('invalid');
		expect(validateValues(createClassSchema, { school_id: SCHOOL, name: '班'.repeat(31), grade: '1', school_year: '2026' }).errors?.name?.code).toBe('too_long');
	});

	it('rename, move and remove', () => {
		expect(validateValues(renameSchema, { display_name: '  Tidy Comet ' }).data).toEqual({ display_name: 'Tidy Comet' });
		expect(validateValues(renameSchema, { display_name: '\u200b ' }).errors?.display_name?.code).toBe('required');
		expect(validateValues(renameSchema, { display_name: '长'.repeat(21) }).errors?.display_name?.code).toBe('too_long');
		expect(validateValues(moveSchema, { to_class_id: '', language: 'en' }).errors?.to_class_id?.code).toBe('choose_one');
		expect(validateValues(removeSchema, {}).errors?.confirm?.code).toBe('required');
		expect(validateValues(removeSchema, { confirm: 'yes' }).data).toEqual({ confirm: 'yes' });
	});
});

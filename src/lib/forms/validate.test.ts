import { describe, expect, it } from 'vitest';
import { formDataValues, remainingErrors, validateValues } from './validate';
import { proposalSchema } from './proposal';
import { answerSchema } from '../../routes/(staff)/staff/submissions/[id=uuid]/schema';

const valid = { title: '操场的饮水机坏了', problem: '不出水。', suggestions: '修好它。', who_should_act: '学校后勤' };

describe('validateValues (the one check the server and the browser both run)', () => {
	it('gives the first error code per field, with the limit for too_long', () => {
		const r = validateValues(proposalSchema, { ...valid, title: '树'.repeat(51), problem: ' \u200B ', suggestions: '' });
		expect(r.errors).toEqual({ title: { code: 'too_long', max: 50 }, problem: { code: 'required' }, suggestions: { code: 'required' } });
	});

	it('passes checkbox groups as arrays: none chosen, one chosen, several chosen', () => {
		const base = { decision: 'adopted', reply: 'We will fix it.' };
		const id = '00000000-0000-4000-8000-000000000001';
		const id2 = '00000000-0000-4000-8000-000000000002';
		expect(validateValues(answerSchema, base, ['goal_ids']).errors).toEqual({ goal_ids: { code: 'choose_goal' } });
		expect(validateValues(answerSchema, { ...base, goal_ids: id }, ['goal_ids']).data?.goal_ids).toEqual([id]);
		expect(validateValues(answerSchema, { ...base, goal_ids: [id, id2] }, ['goal_ids']).data?.goal_ids).toEqual([id, id2]);
		expect(validateValues(answerSchema, { reply: 'x', goal_ids: 'not-a-uuid' }, ['goal_ids']).errors).toEqual({
			decision: { code: 'choose_one' },
			goal_ids: { code: 'choose_goal' }
		});
	});

	it('returns the trimmed data when valid', () => {
		expect(validateValues(proposalSchema, { ...valid, title: '  饮水机 \u200B' }).data?.title).toBe('饮水机');
	});
});

describe('remainingErrors (errors clear as fields are fixed)', () => {
	const shown = { title: { code: 'required' }, problem: { code: 'required' }, suggestions: { code: 'required' } };

	it('drops the errors of fields that are valid now and keeps the others', () => {
		const now = validateValues(proposalSchema, { title: '饮水机', problem: '', suggestions: '', who_should_act: '' }).errors;
		expect(remainingErrors(shown, now)).toEqual({ problem: { code: 'required' }, suggestions: { code: 'required' } });
	});

	it('shows the current error of a field still wrong, and adds none for fields not in error', () => {
		const now = validateValues(proposalSchema, { title: '树'.repeat(60), problem: 'x', suggestions: '', who_should_act: '' }).errors;
		expect(remainingErrors(shown, now)).toEqual({ title: { code: 'too_long', max: 50 }, suggestions: { code: 'required' } });
	});

	it('is empty once everything is valid', () => {
		expect(remainingErrors(shown, validateValues(proposalSchema, valid).errors)).toEqual({});
	});
});

describe('formDataValues', () => {
	it('keeps repeated names as arrays and single ones as strings; a file is no text', () => {
		const data = new FormData();
		data.append('reply', 'ok');
		data.append('goal_ids', 'a');
		data.append('goal_ids', 'b');
		data.append('photo', new Blob(['x']), 'x.jpg');
		expect(formDataValues(data)).toEqual({ reply: 'ok', goal_ids: ['a', 'b'], photo: '' });
	});
});

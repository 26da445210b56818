import { describe, expect, it } from 'vitest';
import { searchGoals, suggestedGoals, type GoalOption } from './goals';

const goals: GoalOption[] = [
	{ id: '1', code: 'SPC-06', category: 'space', title_zh: '建设儿童友好公园', title_en: 'Child-friendly parks' },
	{ id: '2', code: 'SPC-07', category: 'space', title_zh: '上学路安全', title_en: 'Safe routes to school' },
	{ id: '3', code: 'ENV-03', category: 'environment', title_zh: '校园周边交通', title_en: 'Traffic around schools (SPC)' },
	{ id: '4', code: 'POL-01', category: 'policy', title_zh: '儿童参与制度', title_en: null }
];

describe('searchGoals', () => {
	it('finds a code however it is typed: case, full width, without the hyphen', () => {
		for (const q of ['SPC-06', 'spc06', 'ＳＰＣ－０６', ' spc 06 ']) expect(searchGoals(goals, q).map((g) => g.id), q).toEqual(['1']);
	});
	it('finds words in either title; every word must match', () => {
		expect(searchGoals(goals, '公园').map((g) => g.id)).toEqual(['1']);
		expect(searchGoals(goals, 'school').map((g) => g.id)).toEqual(['2', '3']);
		expect(searchGoals(goals, 'safe school').map((g) => g.id)).toEqual(['2']);
		expect(searchGoals(goals, 'safe park')).toEqual([]);
	});
	it('puts code matches first', () => {
		expect(searchGoals(goals, 'spc').map((g) => g.id)).toEqual(['1', '2', '3']);
		expect(searchGoals(goals, 'spc').map((g) => g.code)).toEqual(['SPC-06', 'SPC-07', 'ENV-03']);
	});
	it('a blank or empty query matches nothing; a huge one is cut before any work', () => {
		expect(searchGoals(goals, '')).toEqual([]);
		expect(searchGoals(goals, ' \u3000 ')).toEqual([]);
		expect(searchGoals(goals, 'x'.repeat(1_000_000))).toEqual([]);
	});
});

describe('suggestedGoals', () => {
	it('the suggested goal first, then the others of its category', () => {
		expect(suggestedGoals(goals, '2').map((g) => g.id)).toEqual(['2', '1']);
		expect(suggestedGoals(goals, null)).toEqual([]);
		expect(suggestedGoals(goals, 'nope')).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import { isFinalStage, nextStages } from './labels';

describe('nextStages', () => {
	it('never back, nothing after a final stage (as add_progress_update)', () => {
		expect(nextStages(null)).toEqual(['planned', 'in_progress', 'done', 'not_possible']);
		expect(nextStages('planned')).toEqual(['planned', 'in_progress', 'done', 'not_possible']);
		expect(nextStages('in_progress')).toEqual(['in_progress', 'done', 'not_possible']);
		expect(nextStages('done')).toEqual([]);
		expect(nextStages('not_possible')).toEqual([]);
		expect(isFinalStage('done') && isFinalStage('not_possible') && !isFinalStage('planned') && !isFinalStage(null)).toBe(true);
	});
});

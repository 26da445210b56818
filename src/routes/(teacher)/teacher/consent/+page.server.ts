import type { PageServerLoad } from './$types';

export interface ConsentRow {
	class_id: string;
	class_name: string;
	class_code: string;
	age_band: string;
	student_number: number;
	display_name: string;
	consent_id: string | null;
	guardian: string | null;
	method: string | null;
	given_on: string | null;
}

/**
 * The children of the classes the teacher teaches (archived classes left out), by class and
 * number, with the consent in force. `?done=recorded|withdrawn|erased&number=` says what was just done.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { data, error } = await locals.supabase
		.from('class_consents')
		.select('class_id, class_name, class_code, age_band, student_number, display_name, consent_id, guardian, method, given_on')
		.is('archived_at', null)
		.order('class_name')
		.order('class_id')
		.order('student_number');
	if (error) throw error;
	const classes: { id: string; name: string; code: string; ageBand: string; children: ConsentRow[] }[] = [];
	for (const row of data as ConsentRow[]) {
		let c = classes.find((x) => x.id === row.class_id);
		if (!c) classes.push((c = { id: row.class_id, name: row.class_name, code: row.class_code, ageBand: row.age_band, children: [] }));
		c.children.push(row);
	}
	const done = url.searchParams.get('done');
	const number = Number(url.searchParams.get('number'));
	return {
		classes,
		done: done === 'recorded' || done === 'withdrawn' || done === 'erased' ? done : null,
		number: Number.isInteger(number) && number >= 1 && number <= 999 ? number : null
	};
};

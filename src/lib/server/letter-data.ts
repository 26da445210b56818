import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { LetterClass } from '$lib/consent-letter';
import { retentionYears } from './retention';
import type { RequestClient } from './supabase';

/**
 * What the consent letter of a class needs, read as the signed-in teacher (RLS: their classes
 * only; anyone else gets a 404): class name and code, school, children by number and nickname.
 */
export async function loadLetterClass(supabase: RequestClient, classId: string): Promise<LetterClass> {
	const [cls, children] = await Promise.all([
		supabase.from('classes').select('name, code, school_id').eq('id', classId).maybeSingle(),
		supabase.from('class_consents').select('student_number, display_name').eq('class_id', classId).order('student_number')
	]);
	if (cls.error) throw cls.error;
	if (children.error) throw children.error;
	if (!cls.data || children.data.length === 0) error(404, m.error_not_found());
	const school = await supabase.from('schools').select('name_zh, name_en').eq('id', cls.data.school_id).maybeSingle();
	if (school.error) throw school.error;
	return {
		className: cls.data.name as string,
		classCode: cls.data.code as string,
		schoolName: { 'zh-CN': (school.data?.name_zh as string | undefined) ?? '', en: (school.data?.name_en as string | undefined) ?? '' },
		retentionYears: await retentionYears(supabase),
		children: children.data.map((r) => ({ number: r.student_number as number, nickname: r.display_name as string }))
	};
}

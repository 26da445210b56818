import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { serviceRoleKey } from './env';
import { sealSheet, type CardSheet } from './cards/sheet';

/** A class as its teachers' pages show it (read through RLS: a class the viewer teaches). */
export interface ClassInfo {
	id: string;
	name: string;
	code: string;
	grade: number;
	age_band: string;
	school_year: number;
	archived_at: string | null;
}

/** One child of class_children(). */
export interface ChildRow {
	student_number: number;
	student_id: string;
	display_name: string;
	signed_in: boolean;
	submissions: number;
	answered: number;
	guardian_consent: boolean;
	locked_until: string | null;
}

/** The class, or a 404 when it does not exist or the viewer does not teach it. */
export async function loadClass(locals: App.Locals, classId: string): Promise<ClassInfo> {
	const { data, error: dbError } = await locals.supabase
		.from('classes')
		.select('id, name, code, grade, age_band, school_year, archived_at')
		.eq('id', classId)
		.maybeSingle();
	if (dbError) throw dbError;
	// Staff read the classes of their district through RLS: this page is for the class's teachers.
	const taught = await locals.supabase.from('class_teachers').select('class_id').eq('class_id', classId).eq('teacher_id', locals.viewer!.id);
	if (taught.error) throw taught.error;
	if (!data || taught.data.length === 0) error(404, m.error_not_found());
	return data as ClassInfo;
}

/** The class's children (number, nickname, how they are doing), for its teachers. */
export async function loadChildren(locals: App.Locals, classId: string): Promise<ChildRow[]> {
	const { data, error: dbError } = await locals.supabase.rpc('class_children', { p_class_id: classId });
	if (dbError) throw dbError;
	return data as ChildRow[];
}

/** What a page gets after cards were issued: a sealed token for the print endpoints, and how many. */
export interface Issued {
	token: string;
	count: number;
	language: string;
}

export function issued(sheet: CardSheet, viewerId: string): Issued {
	return { token: sealSheet(sheet, viewerId, serviceRoleKey()), count: sheet.cards.length, language: sheet.language };
}

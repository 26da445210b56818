/**
 * The public copy of a child's text: every personal detail replaced by a mask naming its type.
 */
import type { Locale, PersonalDetail, PersonalDetailType } from './types';

/** The word each mask starts with, per locale ("电话 ***", "phone ***"). */
export const MASK_LABELS: Readonly<Record<Locale, Readonly<Record<PersonalDetailType, string>>>> = {
	'zh-CN': {
		phone: '电话',
		id_number: '身份证号',
		email: '邮箱',
		messaging_id: '账号',
		address: '地址',
		name: '姓名',
		licence_plate: '车牌',
		bank_card: '卡号'
	},
	en: {
		phone: 'phone',
		id_number: 'ID number',
		email: 'email',
		messaging_id: 'account',
		address: 'address',
		name: 'name',
		licence_plate: 'plate',
		bank_card: 'card number'
	}
};

/** The mask that replaces a detail of this type, e.g. mask('phone', 'zh-CN') === '电话 ***'. */
export function mask(type: PersonalDetailType, locale: Locale): string {
	return `${MASK_LABELS[locale][type]} ***`;
}

/**
 * Replaces each detail's span [start, end) of `text` with its mask.
 *
 * Details may come in any order and may overlap (e.g. a teacher's manual mark over a detected one):
 * overlapping spans are merged and the merged span takes the mask of the detail that starts first
 * (then the longest). Spans are clamped to the text; empty ones are ignored. Stable: the same input
 * gives the same output, and redacting the result again with its own details changes nothing.
 *
 * @param details spans as UTF-16 offsets into `text` (as returned by findPersonalDetails)
 */
export function redact(text: string, details: readonly PersonalDetail[], locale: Locale): string {
	const spans = details
		.map((d) => ({ type: d.type, start: Math.max(0, Math.min(text.length, d.start)), end: Math.max(0, Math.min(text.length, d.end)) }))
		.filter((d) => d.end > d.start)
		.sort((a, b) => a.start - b.start || b.end - a.end);
	const merged: { type: PersonalDetailType; start: number; end: number }[] = [];
	for (const s of spans) {
		const last = merged[merged.length - 1];
		if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
		else merged.push({ ...s });
	}
	let out = '';
	let pos = 0;
	for (const s of merged) {
		// Never cut a surrogate pair in half: widen to whole code points.
		let start = s.start;
		let end = s.end;
		if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
		if (end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++;
		if (start < pos) start = pos;
		out += text.slice(pos, start) + mask(s.type, locale);
		pos = end;
	}
	return out + text.slice(pos);
}

function isHigh(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

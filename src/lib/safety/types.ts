/** Types shared by the detectors (see ./index.ts for the documentation of each type). */

export type Locale = 'zh-CN' | 'en';

export type PersonalDetailType =
	| 'phone'
	| 'id_number'
	| 'email'
	| 'messaging_id'
	| 'address'
	| 'name'
	| 'licence_plate'
	| 'bank_card';

export type SafeguardingType = 'self_harm' | 'abuse_at_home' | 'sexual_abuse' | 'neglect' | 'bullying' | 'running_away';

/** A stretch of the input: UTF-16 offsets [start, end) into the text given, and that text. */
export interface Span {
	start: number;
	end: number;
	text: string;
}

export interface PersonalDetail extends Span {
	type: PersonalDetailType;
}

export interface SafeguardingSignal extends Span {
	type: SafeguardingType;
}

export const PERSONAL_DETAIL_TYPES: readonly PersonalDetailType[] = [
	'phone',
	'id_number',
	'email',
	'messaging_id',
	'address',
	'name',
	'licence_plate',
	'bank_card'
];

export const SAFEGUARDING_TYPES: readonly SafeguardingType[] = [
	'self_harm',
	'abuse_at_home',
	'sexual_abuse',
	'neglect',
	'bullying',
	'running_away'
];

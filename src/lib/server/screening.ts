import { redact, screen, type Locale, type PersonalDetail, type PersonalDetailType, type SafeguardingType } from '$lib/safety';

/** The text fields of a proposal, in the form's order (the database's argument names). */
export const PROPOSAL_FIELDS = ['title', 'problem', 'suggestions', 'who_should_act'] as const;
export type ProposalField = (typeof PROPOSAL_FIELDS)[number];
export type ProposalText = Record<ProposalField, string>;

/** One finding, as the database stores it (submissions.flags) and pages show it. */
export interface Finding<T extends string = string> {
	field: ProposalField;
	type: T;
	/** UTF-16 offsets into the field's (trimmed) text. */
	start: number;
	end: number;
	text: string;
}

/** The screening result as submit_proposal's p_flags takes it (supabase/README.md, Safety layer). */
export interface Flags {
	personal_details: Finding<PersonalDetailType>[];
	safeguarding: Finding<SafeguardingType>[];
	/** The child was warned of the personal details and chose to send anyway. */
	confirmed: boolean;
}

/**
 * Screen a proposal's text on the server (never only in the browser) with $lib/safety.
 *
 * @param text the four fields as the database will store them (already trimmed and capped by the
 *   form schema, so the offsets hold and the work is bounded)
 * @param locale the page's language; both languages' rules run regardless
 * @returns what was found, in field order, in the database's shape; `confirmed` false
 */
export function screenProposal(text: ProposalText, locale: Locale): Flags {
	const found = screen({ ...text }, { locale });
	return {
		personal_details: found.personalDetails.map(({ field, detail }) => ({ field: field as ProposalField, ...detail })),
		safeguarding: found.safeguarding.map(({ field, signal }) => ({ field: field as ProposalField, ...signal })),
		confirmed: false
	};
}

/** True when the check found wording that suggests the child is at risk. */
export function hasSafeguarding(flags: Flags): boolean {
	return flags.safeguarding.length > 0;
}

/** The language of a child's text, for its masks: Chinese when it has any Han character. */
export function textLocale(text: string): Locale {
	return /[\u3400-\u9fff\uf900-\ufaff]/u.test(text) ? 'zh-CN' : 'en';
}

/**
 * The public copy the teacher starts from: each field with the personal details found in it
 * masked in the field's own language ("电话 ***" in Chinese text, "phone ***" in English text).
 */
export function redactedCopy(text: ProposalText, details: Finding<PersonalDetailType>[]): ProposalText {
	const of = (field: ProposalField) =>
		redact(
			text[field],
			details.filter((d) => d.field === field).map((d): PersonalDetail => ({ type: d.type, start: d.start, end: d.end, text: d.text })),
			textLocale(text[field])
		);
	return { title: of('title'), problem: of('problem'), suggestions: of('suggestions'), who_should_act: of('who_should_act') };
}

/** The findings of one field, for highlighting it. */
export function findingsOf<T extends string>(findings: Finding<T>[], field: ProposalField): Finding<T>[] {
	return findings.filter((f) => f.field === field);
}

/** What a child's form action returns when it stops to warn about personal details. */
export interface PersonalDetailsWarning {
	/** The fields as they will be stored (trimmed), so the highlights' offsets hold. */
	text: ProposalText;
	details: Finding<PersonalDetailType>[];
}

/**
 * The decision for a child's proposal form (new or resubmitted), made on the server:
 * - a safeguarding signal: send now (the database escalates it; the page then shows where to get
 *   help), whatever else was found — a child at risk is never held back by a warning;
 * - personal details the child has not yet seen a warning for: stop and warn (`warn`), keeping
 *   everything typed;
 * - otherwise send, with the flags (`confirmed` when the child chose "send anyway").
 *
 * @param sendAnyway the form's `send_anyway` value: the child saw the warning and chose to send
 */
export function childScreening(
	text: ProposalText,
	locale: Locale,
	sendAnyway: boolean
): { flags: Flags; warn?: undefined } | { flags?: undefined; warn: PersonalDetailsWarning } {
	const flags = screenProposal(text, locale);
	if (!hasSafeguarding(flags) && flags.personal_details.length > 0 && !sendAnyway) {
		return { warn: { text, details: flags.personal_details } };
	}
	return { flags: { ...flags, confirmed: sendAnyway && flags.personal_details.length > 0 } };
}

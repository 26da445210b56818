import { m } from '$lib/paraglide/messages';

/**
 * The consent letter to parents and guardians, as data: the print page (HTML with a print
 * stylesheet) and the server's PDF render the same text, in the language asked for, from the
 * Paraglide messages. Plain words: what is collected and why, who sees what, how long it is kept,
 * how to withdraw or have it erased; then one return slip per child.
 */

export type LetterLocale = 'zh-CN' | 'en';

export interface LetterSection {
	heading: string;
	paragraphs: string[];
	bullets: string[];
}

export interface LetterSlip {
	/** "Class code DEMO52 · No. 3 · 小莲花" */
	label: string;
}

export interface ConsentLetter {
	title: string;
	greeting: string;
	intro: string;
	sections: LetterSection[];
	closing: string;
	signature: string;
	slipHeading: string;
	slipIntro: string;
	/** The lines a guardian fills in on every slip. */
	slipLines: string[];
	slipCut: string;
	slips: LetterSlip[];
}

export interface LetterClass {
	className: string;
	classCode: string;
	/** The school's name in each language. */
	schoolName: Record<LetterLocale, string>;
	/** How long unpublished writing is kept (the retention setting). */
	retentionYears: number;
	children: { number: number; nickname: string }[];
}

/** The whole letter for one class in `locale`. */
export function consentLetter(c: LetterClass, locale: LetterLocale): ConsentLetter {
	const o = { locale };
	const years = String(c.retentionYears);
	const school = c.schoolName[locale];
	return {
		title: m.letter_title({}, o),
		greeting: m.letter_greeting({}, o),
		intro: m.letter_intro({ school, class: c.className }, o),
		sections: [
			{
				heading: m.letter_collect_heading({}, o),
				paragraphs: [m.letter_collect_text({}, o)],
				bullets: [m.letter_collect_nickname({}, o), m.letter_collect_class({}, o), m.letter_collect_writing({}, o)]
			},
			{
				heading: m.letter_not_collect_heading({}, o),
				paragraphs: [],
				bullets: [m.letter_not_collect_name({}, o), m.letter_not_collect_faces({}, o), m.letter_not_collect_location({}, o)]
			},
			{ heading: m.letter_why_heading({}, o), paragraphs: [m.letter_why_text({}, o)], bullets: [] },
			{
				heading: m.letter_who_heading({}, o),
				paragraphs: [],
				bullets: [m.letter_who_teacher({}, o), m.letter_who_staff({}, o), m.letter_who_public({}, o)]
			},
			{ heading: m.letter_keep_heading({}, o), paragraphs: [m.letter_keep_text({ years }, o)], bullets: [] },
			{
				heading: m.letter_withdraw_heading({}, o),
				paragraphs: [m.letter_withdraw_text({}, o), m.letter_erase_text({}, o)],
				bullets: []
			}
		],
		closing: m.letter_closing({}, o),
		signature: m.letter_signature({ school, class: c.className }, o),
		slipHeading: m.letter_slip_heading({}, o),
		slipIntro: m.letter_slip_intro({}, o),
		slipLines: [m.letter_slip_choice({}, o), m.letter_slip_guardian({}, o), m.letter_slip_date({}, o)],
		slipCut: m.letter_slip_cut({}, o),
		slips: c.children.map((child) => ({
			label: m.letter_slip_label({ code: c.classCode, number: child.number, nickname: child.nickname }, o)
		}))
	};
}

import { m } from '$lib/paraglide/messages';

/** A login card's language (the sign-in page its QR code opens is in the same language). */
export type CardLocale = 'zh-CN' | 'en';

/** The words printed on a login card, in the card's language (the PDF and the print page). */
export interface CardText {
	heading: string;
	classCode: string;
	number: string;
	nickname: string;
	secretWords: string;
	/** How to sign in, with the site's address (no secret in it). */
	hint: string;
	/** Title of a sheet of the class's cards. */
	title: string;
}

/**
 * The card texts of one language, whatever language the teacher's page is in.
 *
 * @param address where to sign in, as printed (e.g. `voice.example.cn/zh-CN/sign-in`)
 */
export function cardText(locale: CardLocale, className: string, address: string): CardText {
	const o = { locale };
	return {
		heading: m.card_heading({}, o),
		classCode: m.card_class_code({}, o),
		number: m.card_number({}, o),
		nickname: m.card_nickname({}, o),
		secretWords: m.card_secret_words({}, o),
		hint: m.card_hint({ address }, o),
		title: m.card_sheet_title({ class: className }, o)
	};
}

/**
 * $lib/safety — the children's safety layer's detectors. Pure TypeScript, no I/O; runs on the
 * server (the form action, the teacher's approve action), on text already capped by the form's raw
 * limits. Every offset is a UTF-16 offset into the string passed in (what `String.slice` takes).
 *
 * ## Personal details (`findPersonalDetails`)
 * The text is first normalised (NFKC per character: full-width digits/letters/punctuation; Chinese
 * numerals inside runs of 5+ digits, 一三九…/幺/两/零/〇 and the formal 壹贰…) and spans are mapped
 * back to the original. Types and what each rule catches:
 * - `phone`: mobile and landline numbers with any separators (space, -, ., brackets), +86 / 0086 /
 *   86 prefixes, other countries' numbers written with +, validated by libphonenumber-js (max
 *   metadata; CN mobiles 1[3-9]…, 0-prefixed landlines with area code). A 7–8 digit local number
 *   only after a cue word (电话, 手机, 座机, call, phone, tel…). UK/US national numbers in en text
 *   written with separators. Service numbers (400/800, hotlines such as 12355) are not flagged.
 * - `id_number`: 18-digit resident ID with a valid GB 11643-1999 (ISO 7064 MOD 11-2) check
 *   character (X allowed), a real birth date and region 1–8; the old 15-digit form with a valid
 *   19YYMMDD date. Spaces inside are allowed.
 * - `bank_card`: 16–19 digits, Luhn-valid, issuer prefix 3/4/5/6/9.
 * - `email`: local@domain.tld, also "name [at] qq dot com" / "(at)".
 * - `messaging_id`: the id after a cue word — QQ/扣扣/企鹅号/Q号, 微信/威信/V信/VX/wx/WeChat/weixin,
 *   抖音号, 快手号, Snapchat, Instagram, Telegram, Discord, TikTok, Line — digits (5–12) or an id
 *   starting with a letter; an id of letters only needs "号/id/:/是" or "@". Also "xxx_2012 是我的微信".
 *   The span is the id, not the cue. A phone number after 微信 is reported as `phone`.
 * - `address`: Chinese building/unit/room chains (3号楼2单元501, 5栋1201, 12弄3号, 3-2-501 after a
 *   place), extended left over the place name (朝阳区幸福路12号…); a single piece (5栋, 幸福路12号)
 *   only after a home cue (住在, 我家, 家住, 地址). English: Flat/Apt/Apartment N (always), chains of
 *   Room/Unit/Building/Block/No. and "12 Baker Street", a street address alone after "I live at",
 *   "my address is"… School rooms (301教室), metro lines (3号线), gates (2号门), dates (3月5号) and
 *   floors alone (5楼) are not addresses.
 * - `name`: a full name (Chinese surname list incl. compound surnames + 1–2 given characters) after
 *   我叫 / 我的名字是 / 姓名： / 我是 (the last only with a school or class cue or a pause after it),
 *   or after a class (三年级二班的王小明); English "my name is Li Hua" (two words, or one word and
 *   a class/school cue), "I'm Wang Xiaoming" (pinyin surname or class cue). Not 我叫妈妈, 我是高三的,
 *   我叫李老师, nicknames (小明, 毛毛).
 * - `licence_plate`: mainland plates 京A12345, 粤B·D12345 (new energy: 8 characters, D/F first or last).
 * Overlaps are resolved by rank: id_number > bank_card > email > phone > messaging_id >
 * licence_plate > address > name; the result never overlaps.
 *
 * ## Safeguarding (`findSafeguardingSignals`)
 * Phrase rules per type (zh-CN and en, both run on every text), each with a guard over the sentence:
 * `self_harm` (不想活了, 活着没意思, 想消失, 不想醒来, "I want to disappear", "nobody would miss me"…),
 * `abuse_at_home` (a family member hits me, 不敢回家, "hurts me when he drinks", 家暴…), `sexual_abuse`,
 * `neglect` (家里没饭吃, 没人管我, locked out…), `bullying` (天天打我, 抢我的钱, 勒索, 孤立我,
 * "they take my money"…), `running_away` (想离家出走, "run away from home"). Guards leave out talk
 * about a topic (posters, campaigns, lessons, news, stories, games), hyperbole (热死了, 笑死我了,
 * 累得想死, "the heat is killing me"), sports (打篮球), calling (打我妈妈电话) and pets running away.
 *
 * ## Known limits
 * Rules, not understanding: new wordings, misspellings, pinyin (buxianghuole), sarcasm and stories
 * told in the first person can be missed or over-flagged; a name without a self-introduction or
 * class cue, an address without numbers, a WeChat id without a cue word are not found. The labelled
 * set (tests/fixtures/safety) measures only what it holds; add every miss found later to it.
 */
import { findPersonalDetailsIn } from './personal';
import { findSafeguardingSignalsIn } from './safeguarding';
import type { Locale, PersonalDetail, SafeguardingSignal } from './types';

export type { Locale, PersonalDetail, PersonalDetailType, SafeguardingSignal, SafeguardingType, Span } from './types';
export { PERSONAL_DETAIL_TYPES, SAFEGUARDING_TYPES } from './types';
export { redact, mask, MASK_LABELS } from './redact';
export { gb11643CheckChar, isResidentId, luhnValid, isBankCard } from './checksums';

/**
 * Finds personal details (phone, ID number, e-mail, messaging id, address, name, licence plate,
 * bank card) in a child's text.
 * @param opts.locale the form's language ('zh-CN' default); both languages' rules run regardless
 * @returns non-overlapping details sorted by start; `text` is `input.slice(start, end)`. Never throws.
 */
export function findPersonalDetails(text: string, opts?: { locale?: Locale }): PersonalDetail[] {
	return findPersonalDetailsIn(text, opts?.locale ?? 'zh-CN');
}

/**
 * Finds wording that suggests a child is at risk (self-harm, abuse at home, sexual abuse, neglect,
 * bullying, running away).
 * @returns signals sorted by start (signals of different types may overlap). Never throws.
 */
export function findSafeguardingSignals(text: string, opts?: { locale?: Locale }): SafeguardingSignal[] {
	return findSafeguardingSignalsIn(text, opts?.locale ?? 'zh-CN');
}

/** Whole-submission screening over named fields. */
export interface Screening {
	personalDetails: { field: string; detail: PersonalDetail }[];
	safeguarding: { field: string; signal: SafeguardingSignal }[];
}

/**
 * Screens every field of a submission (e.g. { title, problem, suggestions, who_should_act }).
 * Offsets in each result are into that field's value. Fields are screened in the order given.
 */
export function screen(fields: Record<string, string>, opts?: { locale?: Locale }): Screening {
	const result: Screening = { personalDetails: [], safeguarding: [] };
	for (const [field, value] of Object.entries(fields)) {
		if (typeof value !== 'string' || !value) continue;
		for (const detail of findPersonalDetails(value, opts)) result.personalDetails.push({ field, detail });
		for (const signal of findSafeguardingSignals(value, opts)) result.safeguarding.push({ field, signal });
	}
	return result;
}

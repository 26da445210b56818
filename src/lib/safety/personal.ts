/**
 * Personal-detail rules (zh-CN and en). Every rule runs on the normalised text (./normalize.ts) and
 * proposes candidates in its offsets; `findPersonalDetailsIn` maps them back to the original and
 * keeps one detail per stretch of text. All regular expressions here are linear: no nested or
 * overlapping quantifiers over unbounded input (see the adversarial tests in personal.test.ts).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isBankCard, isResidentId } from './checksums';
import { normalize, toOriginal, type Normalized } from './normalize';
import type { Locale, PersonalDetail, PersonalDetailType } from './types';

interface Candidate {
	type: PersonalDetailType;
	start: number; // offsets in the normalised text
	end: number;
}

// When two candidates overlap, the higher rank wins (then the longer one). A checksum-valid ID or
// card beats a phone reading of the same digits; an e-mail beats the QQ number inside it.
const RANK: Record<PersonalDetailType, number> = {
	id_number: 8,
	bank_card: 7,
	email: 6,
	phone: 5,
	messaging_id: 4,
	licence_plate: 3,
	address: 2,
	name: 1
};

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff';

// ---------------------------------------------------------------------------------------------
// Digit runs: phone numbers, resident IDs, bank cards

// A run of digits with the separators people write between groups: spaces, dashes, dots, slashes,
// brackets. Separators and digits are disjoint, so the repetition cannot backtrack.
const DIGIT_RUN = /(?:\+\s?|\()?\d(?:[ \t\u00a0\-.()/,、]{0,3}\d)*(?:[Xx](?![A-Za-z]))?/g;
// Words that announce a phone number (checked in the few characters before a short number).
const PHONE_CUE = /(?:电话|手机|座机|号码|联系|致电|拨打?|打给|call|phone|tel|mobile|ring|text|whatsapp)/i;
const NATIONAL_CN = /^(?:0\d{9,11}|1[3-9]\d{9})$/;
const OK_PHONE_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER', 'VOIP', undefined]);

function validPhone(text: string, country?: CountryCode): boolean {
	try {
		const p = country ? parsePhoneNumberFromString(text, country) : parsePhoneNumberFromString(text);
		if (!p || !p.isValid()) return false;
		// Service numbers (400/800, hotlines) are not anybody's personal number.
		return OK_PHONE_TYPES.has(p.getType());
	} catch {
		return false;
	}
}

/**
 * Is this written number a phone number?
 * @param raw the run as written (normalised), e.g. "+86 139-1234-5678", "(010) 6512 3456"
 * @param cue a phone cue word stands just before it
 */
export function isPhoneNumber(raw: string, cue: boolean, locale: Locale): boolean {
	const digits = raw.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15) return false;
	const plus = raw.trimStart().startsWith('+');
	if (plus) return validPhone('+' + digits);
	if (digits.startsWith('00') && digits.length >= 10) return validPhone('+' + digits.slice(2));
	if (/^86(?:1[3-9]\d{9}|0?[1-9]\d{8,10})$/.test(digits) && validPhone('+' + digits)) return true;
	if (NATIONAL_CN.test(digits) && validPhone(digits, 'CN')) return true;
	// A local landline without its area code: only where the text says it is a phone number.
	if (cue && /^[2-9]\d{6,7}$/.test(digits)) return true;
	// English-speaking children may write a UK or US number; only when it is written like one.
	if ((locale === 'en' || cue) && /[\s\-()]/.test(raw.trim()) && digits.length >= 10) {
		return validPhone(digits, 'GB') || validPhone(digits, 'US');
	}
	return false;
}

function classifyDigits(raw: string, cue: boolean, locale: Locale): PersonalDetailType | null {
	// "1,250" / "12,000,000" are amounts with thousands separators, not numbers to dial.
	if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw)) return null;
	const compact = raw.replace(/[^\dXx]/g, '');
	if ((compact.length === 18 || compact.length === 15) && isResidentId(compact)) return 'id_number';
	if (/x/i.test(compact)) return null;
	if (compact.length >= 16 && compact.length <= 19 && isBankCard(compact)) return 'bank_card';
	if (isPhoneNumber(raw, cue, locale)) return 'phone';
	return null;
}

function findDigitRuns(n: Normalized, locale: Locale, out: Candidate[]): void {
	const text = n.text;
	for (const m of text.matchAll(DIGIT_RUN)) {
		let start = m.index;
		let run = m[0];
		// A bracket that opened nothing is not part of the number.
		if (run.startsWith('(') && !run.includes(')')) {
			run = run.slice(1);
			start++;
		}
		while (/[()]$/.test(run) && !(run.endsWith(')') && run.includes('('))) run = run.slice(0, -1);
		const before = text.charAt(start - 1);
		const after = text.charAt(start + run.length);
		// Digits glued to letters are part of an identifier ("xiaoming2012", "A12345"): other rules.
		// Except a checksum-valid ID: the student number (学籍号) is "G" + the resident ID.
		if (/[A-Za-z_@]/.test(before) || /[A-Za-z_@]/.test(after)) {
			const compact = run.replace(/[^\dXx]/g, '');
			if (!/[_@]/.test(before + after) && isResidentId(compact)) out.push({ type: 'id_number', start, end: start + run.length });
			continue;
		}
		const cue = PHONE_CUE.test(text.slice(Math.max(0, start - 8), start));
		const type = classifyDigits(run, cue, locale);
		if (type) {
			out.push({ type, start, end: start + run.length });
			continue;
		}
		// Several numbers written one after another ("13912345678 010-65123456"): try groups.
		const groups = [...run.matchAll(/[^\s,、]+/g)];
		if (groups.length < 2) continue;
		for (let i = 0; i < groups.length; i++) {
			for (let j = Math.min(groups.length - 1, i + 5); j >= i; j--) {
				if (i === 0 && j === groups.length - 1) continue;
				const a = groups[i]!.index;
				const b = groups[j]!.index + groups[j]![0].length;
				const piece = run.slice(a, b);
				const t = classifyDigits(piece, cue, locale);
				if (t) {
					out.push({ type: t, start: start + a, end: start + b });
					i = j;
					break;
				}
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// E-mail

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/;
// "name [at] 163.com", "name (at) qq dot com": the usual ways of hiding the @ from robots.
const EMAIL_OBFUSCATED =
	/(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}\s?[[(]\s?at\s?[\])]\s?[A-Za-z0-9-]{1,63}(?:\s?(?:\.|[[(]\s?dot\s?[\])]|\sdot\s)\s?[A-Za-z]{2,24}){1,3}(?![A-Za-z])|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64} at [A-Za-z0-9-]{1,63}(?: dot [A-Za-z]{2,24}){1,3}(?![A-Za-z])/gi;

function findEmails(n: Normalized, out: Candidate[]): void {
	const text = n.text;
	let at = text.indexOf('@');
	while (at >= 0) {
		let s = at;
		while (s > 0 && at - s < 64 && EMAIL_LOCAL.test(text[s - 1]!)) s--;
		while (s < at && text[s] === '.') s++;
		const domain = EMAIL_DOMAIN.exec(text.slice(at + 1, at + 1 + 320));
		if (s < at && domain) out.push({ type: 'email', start: s, end: at + 1 + domain[0].length });
		at = text.indexOf('@', at + 1);
	}
	for (const m of text.matchAll(EMAIL_OBFUSCATED)) out.push({ type: 'email', start: m.index, end: m.index + m[0].length });
}

// ---------------------------------------------------------------------------------------------
// Messaging ids: QQ, WeChat and other contact handles, found through their cue words

const MSG_CUE = new RegExp(
	'(?<![A-Za-z])(?:qq|vx|wx|wechat|weixin|snapchat|snap|instagram|insta|ig|telegram|discord|tiktok|line)(?![A-Za-z])' +
		'|扣扣|企鹅号?|Q号|微信|威信|薇信|V信|抖音号?|快手号?|微博',
	'gi'
);
// What may stand between the cue and the id: "号", "号是", "id:", " is ", "：", "搜", …
const MSG_JOIN = /(?:\s|[:：=]|号码?|账号|帳号|帐号|id|ID|Id|名|是|为|叫|the|is|me|on|加|搜索?|添加|我|：)*/y;
const MSG_ID = /(?:@?[A-Za-z][-_.A-Za-z0-9]{4,29}(?![-_A-Za-z0-9])|[1-9]\d{4,11}(?!\d))/y;
// Words that follow a cue but are not ids ("微信 please", "QQ group").
const NOT_AN_ID = /^(?:please|group|groups|account|accounts|number|message|messages|chat|chats|friend|friends|app|about|maybe|sometimes|because|instead|every|often|games?|music|video|videos|official|public|school|class|teacher|parents?|mother|father)$/i;
// "xiaoming_2012 是我的微信" / "lily_2011 is my WeChat": the id before the cue.
const MSG_ID_BEFORE =
	/(?<![-_.A-Za-z0-9])([A-Za-z][-_.A-Za-z0-9]{4,29}|[1-9]\d{4,11})\s?(?:是我的?|就是我的?|is my)\s?(?:qq|wechat|weixin|vx|wx|微信|扣扣|snapchat|instagram)/gi;

function findMessagingIds(n: Normalized, out: Candidate[]): void {
	const text = n.text;
	for (const m of text.matchAll(MSG_CUE)) {
		let p = m.index + m[0].length;
		MSG_JOIN.lastIndex = p;
		const join = MSG_JOIN.exec(text);
		const joinText = join ? join[0] : '';
		if (joinText.length > 12) continue;
		p += joinText.length;
		MSG_ID.lastIndex = p;
		const id = MSG_ID.exec(text);
		if (!id) continue;
		let value = id[0];
		// A trailing dot is the end of the sentence.
		while (value.endsWith('.')) value = value.slice(0, -1);
		if (/^@?[A-Za-z]/.test(value)) {
			const bare = value.replace(/^@/, '');
			if (NOT_AN_ID.test(bare)) continue;
			// An id made only of letters needs an explicit "号/id/:" or an @ ("微信号 xiaoming").
			const explicit = /号|id|[:：=]|是|is/i.test(joinText) || value.startsWith('@');
			if (!/[\d_\-.]/.test(bare) && !explicit) continue;
			if (bare.length < 5) continue;
		}
		out.push({ type: 'messaging_id', start: p, end: p + value.length });
	}
	for (const m of text.matchAll(MSG_ID_BEFORE)) {
		const value = m[1]!;
		if (/^[A-Za-z]+$/.test(value) && NOT_AN_ID.test(value)) continue;
		if (/^[A-Za-z]+$/.test(value)) continue;
		out.push({ type: 'messaging_id', start: m.index, end: m.index + value.length });
	}
}

// ---------------------------------------------------------------------------------------------
// Licence plates (mainland China): 京A12345, 粤B·D12345 (new energy, 8 characters)

const PLATE =
	/(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z][\s·•.\-]?([A-HJ-NP-Za-hj-np-z0-9]{5,6})(?![A-Za-z0-9])/g;

function findPlates(n: Normalized, out: Candidate[]): void {
	for (const m of n.text.matchAll(PLATE)) {
		const tail = m[1]!.toUpperCase();
		const digits = tail.replace(/\D/g, '').length;
		if (digits < 2) continue;
		// Six characters: a new-energy plate has D or F first or last.
		if (tail.length === 6 && !/^[DF]|[DF]$/.test(tail)) continue;
		out.push({ type: 'licence_plate', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------------------------------------
// Addresses

const NUM = '(?:\\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})';
// One piece of a Chinese address, each with its kind (named groups): building, unit, lane,
// house number, floor, room. Exclusions keep metro lines, gates, dates and seats out.
const ZH_ADDR_TOKEN = new RegExp(
	'(?<b>' + NUM + '(?:号楼|栋|幢|号院|座(?![位谈机])|期(?=' + NUM + '(?:号楼|栋|幢)))|[A-Z]座|[A-Z]栋)' +
		'|(?<u>' + NUM + '(?:单元|门洞))' +
		'|(?<l>' + NUM + '弄)' +
		'|(?<r>' + NUM + '(?:室|号房|户)|\\d{3,4}(?![\\d' + CJK + '])|\\d{3,4}(?=室|房|户|的家|住)|[零〇一二三四五六七八九]{3,4}(?![' + CJK + ']))' +
		'|(?<f>' + NUM + '(?:层|楼(?![下上道梯顶房里外前后梯]))(?!楼))' +
		'|(?<h>(?<![月日周期第])' + NUM + '号(?![线楼院门车机位码球人选手票桌床头文目]))',
	'g'
);
// What a place name ends with (district, road, community, …) when extending an address leftwards.
const PLACE_BEFORE = new RegExp(
	'[^\\s，。,.!！?？、；;：:的在住是我家到从和与了]{1,14}(?:省|市|区|县|镇|乡|街道|路|街|大道|巷|胡同|里|村|小区|花园|公寓|大厦|苑|园|城|府|湾|广场|新村|家园|社区|院)$'
);
const HOME_CUE_ZH = /(?:住在|住址|家住|家在|我家|家庭住址|地址|住的|住|到我家)/;
const HOME_CUE_EN = /\b(?:live|lives|living|address|my (?:house|home|flat|apartment)|our (?:house|home|flat|apartment)|come to)\b/i;

// English pieces: flat/apartment (always a home), room/unit/building/block/floor, street.
const EN_ADDR_TOKEN = new RegExp(
	'(?<a>\\b(?:apt|apartment|flat)\\.?\\s?(?:no\\.?\\s?|#\\s?)?\\d{1,4}[A-Za-z]?\\b)' +
		'|(?<r>\\b(?:room|rm|unit|suite|building|bldg|block|blk|house|tower|no)\\.?\\s?#?\\s?\\d{1,4}[A-Za-z]?\\b)' +
		'|(?<f>\\b\\d{1,3}(?:st|nd|rd|th)\\s(?:floor)\\b|\\bfloor\\s\\d{1,3}\\b)' +
		"|(?<s>\\b\\d{1,5}[A-Za-z]?,?\\s(?:[A-Z][A-Za-z'’]*\\s){1,3}(?:Street|Road|Avenue|Lane|Drive|Close|Court|Way|Place|Crescent|Terrace|Boulevard|Gardens|Square|Lu|Jie|Hutong|(?:St|Rd|Ave|Ln|Dr|Ct|Pl|Blvd|Sq)\\b\\.?)\\b" +
		"|\\b(?:[A-Z][A-Za-z'’]*\\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Lu|Jie|Hutong)\\s(?:No\\.?\\s?)?\\d{1,5}\\b" +
		'|\\b(?:lane|alley)\\s\\d{1,4}\\b)',
	'gi'
);

interface Token {
	kind: string;
	start: number;
	end: number;
}

function tokens(re: RegExp, text: string): Token[] {
	const list: Token[] = [];
	for (const m of text.matchAll(re)) {
		const groups = m.groups ?? {};
		const kind = Object.keys(groups).find((k) => groups[k] !== undefined) ?? '?';
		list.push({ kind, start: m.index, end: m.index + m[0].length });
	}
	return list;
}

function chains(list: Token[], text: string, gap: RegExp): Token[][] {
	const out: Token[][] = [];
	let cur: Token[] = [];
	for (const t of list) {
		const last = cur[cur.length - 1];
		if (last && t.start >= last.end && gap.test(text.slice(last.end, t.start))) cur.push(t);
		else {
			if (cur.length) out.push(cur);
			cur = [t];
		}
	}
	if (cur.length) out.push(cur);
	return out;
}

function findAddresses(n: Normalized, out: Candidate[]): void {
	const text = n.text;
	// Chinese
	for (const chain of chains(tokens(ZH_ADDR_TOKEN, text), text, /^[\s,，、\-－—#]?$/)) {
		const kinds = chain.map((t) => t.kind);
		let start = chain[0]!.start;
		const end = chain[chain.length - 1]!.end;
		// A bare three- or four-digit number is a room only after another piece ("3单元502").
		if (kinds[0] === 'r' && /^\d+$/.test(text.slice(start, end).trim()) && chain.length === 1) continue;
		const place = PLACE_BEFORE.exec(text.slice(Math.max(0, start - 20), start));
		const cue = HOME_CUE_ZH.test(text.slice(Math.max(0, start - 24), start));
		// A bare number ("502") is a room only next to a piece with a word (号楼, 单元, 栋…).
		const bare = chain.map((t) => /^[\d零〇一二三四五六七八九]+$/.test(text.slice(t.start, t.end)));
		if (bare.every(Boolean)) continue;
		const strong = kinds.filter((k) => k === 'b' || k === 'u' || k === 'l' || k === 'r').length;
		let ok = false;
		if (chain.length >= 2 && strong >= 1) ok = true; // 3号楼2单元501, 12弄3号, 5栋1201
		else if (chain.length >= 2 && (cue || place)) ok = true; // 幸福路12号3楼
		else if (chain.length === 1 && cue && kinds[0] !== 'f' && (kinds[0] !== 'h' || place)) ok = true; // 我家住在阳光小区5栋
		if (!ok) continue;
		if (chain.length === 1 && kinds[0] === 'r' && !/室|房|户/.test(text.slice(chain[0]!.start, end))) continue;
		if (place) start -= place[0].length;
		out.push({ type: 'address', start, end });
	}
	// Building-unit-room written with dashes after a place or a home cue: "阳光小区3-2-501"
	for (const m of text.matchAll(/(?<![\d-])\d{1,3}-\d{1,2}-\d{3,4}(?![\d-])/g)) {
		const before = text.slice(Math.max(0, m.index - 20), m.index);
		const place = PLACE_BEFORE.exec(before);
		if (place || HOME_CUE_ZH.test(before) || HOME_CUE_EN.test(before)) {
			out.push({ type: 'address', start: m.index - (place ? place[0].length : 0), end: m.index + m[0].length });
		}
	}
	// English
	for (const chain of chains(tokens(EN_ADDR_TOKEN, text), text, /^(?:,\s?|\s|,)$/)) {
		const kinds = chain.map((t) => t.kind);
		const start = chain[0]!.start;
		const end = chain[chain.length - 1]!.end;
		const cue = HOME_CUE_EN.test(text.slice(Math.max(0, start - 30), start));
		let ok = kinds.includes('a');
		if (chain.length >= 2 && kinds.some((k) => k === 's' || k === 'r')) ok = true;
		if (chain.length === 1 && cue && kinds[0] !== 'f') ok = true;
		if (ok) out.push({ type: 'address', start, end });
	}
}

// ---------------------------------------------------------------------------------------------
// Names: a child's full name with a self-introduction, a class or a school

const SURNAMES_2 = '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯|长孙|宇文|司徒|端木|独孤|南宫|呼延|申屠|西门';
const SURNAMES_1 =
	'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施文牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤穆农卓缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻迟邝洪';
// Characters that end a given name: function words, verbs that follow a self-introduction, kinship
// and school words, numerals ("我叫妈妈", "我是高三的", "我叫李老师来").
const NOT_GIVEN =
	'的了是在和与跟我你他她它们也都就还要会能想去来说把被给让叫到从对向很太最不没有这那哪什么怎个些二三四五六七八九十百千两年级班老师同学爸妈爷奶哥姐弟妹叔伯姨舅家校初今住读念上下里外前后边问请谢好吗呢吧啊呀哦嗯哈，。、！？,.!? 者样点些次天时候';
const ZH_NAME = `(?:${SURNAMES_2}|[${SURNAMES_1}])(?![${NOT_GIVEN}])[${CJK}](?:(?![${NOT_GIVEN}])[${CJK}])?`;
const SCHOOL_CUE_ZH = /(?:年级|班|学校|小学|中学|初[一二三]|高[一二三]|同学|学生|少先队)/;
const ZH_NAME_INTRO = new RegExp(`(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名[:：]?\\s?|(?:作者|提案人|署名|写信人|建议人|报告人)[:：]?\\s?|本人|我是)\\s?(${ZH_NAME})`, 'g');
const ZH_NAME_AFTER_CLASS = new RegExp(
	`(?:${NUM}年级(?:${NUM}班)?|[初高][一二三123](?:[(（]?${NUM}[)）]?班)?|[(（]?${NUM}[)）]?班|小学|中学|学校)(?:的)?(?:学生|同学)?\\s?(${ZH_NAME})(?:同学)?`,
	'gd'
);
const EN_SURNAMES =
	'wang|li|zhang|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|gao|lin|luo|zheng|liang|xie|song|tang|han|feng|deng|cao|peng|zeng|xiao|tian|dong|yuan|pan|jiang|cai|du|ye|cheng|su|wei|lu|ding|ren|shen|yao|cui|zhong|tan|fan|jin|shi|liao|jia|xia|fang|bai|zou|meng|xiong|qin|qiu|yin|xue|yan|duan|lei|hou|long|tao|gu|mao|hao|gong|shao|wan|qian|dai|mo|kong|chang|wen|kang|ouyang|zhuge|situ';
const SCHOOL_CUE_EN = /\b(?:class|grade|year|form|school|primary|middle|high|student)\b/i;
const EN_NAME_WORD = "[A-Z][a-z]+(?:['-][A-Za-z]+)?";
const EN_NAME_INTRO = new RegExp(
	`\\b(?:(?<mn>[Mm]y name is|[Mm]y name's|[Nn]ame:|[Mm]y full name is|[Ww]ritten by|[Ss]igned|[Aa]uthor:)|(?<ia>I am|I'm|[Tt]his is|[Ff]rom|[Bb]y))\\s(${EN_NAME_WORD}(?:\\s${EN_NAME_WORD}){0,2})`,
	'g'
);
const NOT_NAME_EN = /^(?:Happy|Sorry|Sad|Fine|Good|Tired|Not|Very|So|Really|From|In|At|A|An|The|Your|Here|Writing|Worried|Scared|Afraid|Student|Grade|Class|Year|Nine|Ten|Eleven|Twelve|Thirteen|Glad|Proud|Sure|Going|Also|Just|Still)$/;

function findNames(n: Normalized, out: Candidate[]): void {
	const text = n.text;
	const near = (s: number, e: number, re: RegExp) => re.test(text.slice(Math.max(0, s - 30), Math.min(text.length, e + 30)));
	for (const m of text.matchAll(ZH_NAME_INTRO)) {
		const name = m[1]!;
		const s = m.index + m[0].length - name.length;
		const surnameLen = SURNAMES_2.split('|').some((x) => name.startsWith(x)) ? 2 : 1;
		const given = name.slice(surnameLen);
		if (given.length === 0) continue;
		if (given[0] === name[0]) continue; // 毛毛, 豆豆: a nickname
		if (/^[一二三四五六七八九十]$/.test(given)) continue; // 高一, 王二: a grade or a rank (陈一一 is a name)
		// "我是" is often followed by other things than a name; want a school/class cue or a pause.
		if (m[0].startsWith('我是') || m[0].startsWith('本人')) {
			const next = text.charAt(s + name.length);
			if (!(near(s, s + name.length, SCHOOL_CUE_ZH) || next === '' || /[，。,.!！\s]/.test(next))) continue;
		}
		out.push({ type: 'name', start: s, end: s + name.length });
	}
	for (const m of text.matchAll(ZH_NAME_AFTER_CLASS)) {
		const name = m[1]!;
		const s = m.indices![1]![0];
		const surnameLen = SURNAMES_2.split('|').some((x) => name.startsWith(x)) ? 2 : 1;
		const given = name.slice(surnameLen);
		if (!given || given[0] === name[0] || /^[一二三四五六七八九十]$/.test(given)) continue;
		const next = text.charAt(s + name.length);
		// The name must stand on its own: followed by a pause, 同学, or a verb of saying/being.
		if (next && !/[，。,.!！?？\s同是在说写家想]/.test(next)) continue;
		out.push({ type: 'name', start: s, end: s + name.length });
	}
	for (const m of text.matchAll(EN_NAME_INTRO)) {
		const words = m[3]!.split(/\s/);
		while (words.length && NOT_NAME_EN.test(words[words.length - 1]!)) words.pop();
		if (!words.length || NOT_NAME_EN.test(words[0]!)) continue;
		const name = words.join(' ');
		const s = m.index + m[0].length - m[3]!.length;
		const cue = near(s, s + name.length, SCHOOL_CUE_EN);
		const pinyin = new RegExp(`^(?:${EN_SURNAMES})$`, 'i').test(words[0]!) || new RegExp(`^(?:${EN_SURNAMES})$`, 'i').test(words[words.length - 1]!);
		let ok = false;
		if (m.groups?.mn) ok = words.length >= 2 || cue;
		else ok = (words.length >= 2 && (pinyin || cue)) || (words.length === 1 && cue && pinyin);
		if (ok) out.push({ type: 'name', start: s, end: s + name.length });
	}
}

// ---------------------------------------------------------------------------------------------

function resolve(cands: Candidate[]): Candidate[] {
	const sorted = [...cands].sort((a, b) => RANK[b.type] - RANK[a.type] || b.end - b.start - (a.end - a.start) || a.start - b.start);
	const kept: Candidate[] = [];
	for (const c of sorted) {
		if (c.end <= c.start) continue;
		if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
		kept.push(c);
	}
	return kept.sort((a, b) => a.start - b.start);
}

/**
 * Finds personal details in a text: see ./index.ts for the types and rules.
 * @returns details sorted by start, non-overlapping, offsets into `text` (UTF-16)
 */
export function findPersonalDetailsIn(text: string, locale: Locale = 'zh-CN'): PersonalDetail[] {
	if (!text) return [];
	const n = normalize(text);
	const cands: Candidate[] = [];
	findDigitRuns(n, locale, cands);
	findEmails(n, cands);
	findMessagingIds(n, cands);
	findPlates(n, cands);
	findAddresses(n, cands);
	findNames(n, cands);
	return resolve(cands).map((c) => {
		const { start, end } = toOriginal(n, c.start, c.end);
		return { type: c.type, start, end, text: text.slice(start, end) };
	});
}

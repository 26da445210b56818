/**
 * Each personal-detail rule: what it catches, what it must leave alone, and spans as offsets into
 * the original text. The labelled set (evaluate.test.ts) measures the same rules on more texts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { piecesText } from './arbitraries.test-helpers';
import { findPersonalDetails, type Locale, type PersonalDetail } from './index';
import { isPhoneNumber } from './personal';

const found = (text: string, locale: Locale = 'zh-CN') => findPersonalDetails(text, { locale }).map((d) => [d.type, d.text]);
const none = (text: string, locale: Locale = 'zh-CN') => expect(findPersonalDetails(text, { locale })).toEqual([]);

describe('phone', () => {
	it.each([
		['电话13912345678', '13912345678'],
		['电话 139-1234-5678。', '139-1234-5678'],
		['手机 139 1234 5678', '139 1234 5678'],
		['手机：１３９１２３４５６７８', '１３９１２３４５６７８'],
		['+86 139 1234 5678', '+86 139 1234 5678'],
		['＋８６－１３９１２３４５６７８', '＋８６－１３９１２３４５６７８'],
		['0086-13912345678', '0086-13912345678'],
		['8613912345678', '8613912345678'],
		['打一三九一二三四五六七八', '一三九一二三四五六七八'],
		['幺三九 幺二三四 五六七八', '幺三九 幺二三四 五六七八'],
		['139一二三四5678', '139一二三四5678'],
		['座机010-65123456', '010-65123456'],
		['(021) 6438 1234', '(021) 6438 1234'],
		['电话 6512 3456', '6512 3456']
	])('%s', (text, number) => {
		expect(found(text)).toEqual([['phone', number]]);
	});
	it('finds two numbers written one after the other', () => {
		expect(found('13912345678 010-65123456')).toEqual([
			['phone', '13912345678'],
			['phone', '010-65123456']
		]);
	});
	it('finds international numbers written with +', () => {
		expect(found('Phone: +44 20 7946 0958', 'en')).toEqual([['phone', '+44 20 7946 0958']]);
	});
	it.each([
		'我们学校有1200名学生，今年是2024年。',
		'地铁3号线',
		'一共需要20个自行车架，每个350元。',
		'比赛在2024-05-18举行',
		'请拨打12355青少年服务热线，火警119。',
		'客服电话400-810-8888',
		'ISBN 978-7-02-000220-7',
		'2023.09.01—2024.06.30',
		'We counted 1136 cars; 13,912 answers; 20 bike racks.',
		'6512 3456', // a local number needs a cue word
		'xiaoming13912345678' // part of an identifier
	])('not a phone: %s', (text) => none(text, /[a-z]/i.test(text) ? 'en' : 'zh-CN'));
	it('isPhoneNumber refuses service numbers and accepts a local number only with a cue', () => {
		expect(isPhoneNumber('4008108888', true, 'zh-CN')).toBe(false);
		expect(isPhoneNumber('65123456', false, 'zh-CN')).toBe(false);
		expect(isPhoneNumber('65123456', true, 'zh-CN')).toBe(true);
	});
});

describe('id_number', () => {
	it('18 digits with a valid check digit, spaces and X allowed', () => {
		expect(found('身份证110105201203041237')).toEqual([['id_number', '110105201203041237']]);
		expect(found('身份证：440305 20110512 6517')).toEqual([['id_number', '440305 20110512 6517']]);
		expect(found('32010620100815002X。')).toEqual([['id_number', '32010620100815002X']]);
		expect(found('学籍号G110105201203041237')).toEqual([['id_number', '110105201203041237']]);
	});
	it('the old 15-digit form with a real date', () => {
		expect(found('老身份证130503670401001')).toEqual([['id_number', '130503670401001']]);
	});
	it('not with a wrong check digit or an impossible date', () => {
		none('订单编号110105201203041238');
		none('编号110105991332123');
	});
});

describe('bank_card', () => {
	it('Luhn-valid 16-19 digits', () => {
		expect(found('卡号6222021234567890128')).toEqual([['bank_card', '6222021234567890128']]);
		expect(found('card 4111 1111 1111 1111', 'en')).toEqual([['bank_card', '4111 1111 1111 1111']]);
	});
	it('not a Luhn-invalid number', () => none('ref 4111111111111112', 'en'));
});

describe('email', () => {
	it('plain, full-width and hidden', () => {
		expect(found('邮箱 xiaoming2012@163.com。')).toEqual([['email', 'xiaoming2012@163.com']]);
		expect(found('邮箱：１２３＠ｑｑ．ｃｏｍ')).toEqual([['email', '１２３＠ｑｑ．ｃｏｍ']]);
		expect(found('tom [at] qq dot com', 'en')).toEqual([['email', 'tom [at] qq dot com']]);
	});
	it('not @mentions or web addresses', () => {
		none('@所有人 明天带伞');
		none('网址 www.example.com');
		none('a@b', 'en');
	});
});

describe('messaging_id', () => {
	it.each([
		['加我微信 xiaoming_2012', 'xiaoming_2012'],
		['我的QQ是 2876543210', '2876543210'],
		['扣扣：12345678', '12345678'],
		['企鹅号87654321', '87654321'],
		['VX: wang_ming88', 'wang_ming88'],
		['wx搜chenxi0809', 'chenxi0809'],
		['微信号是 happyboy', 'happyboy'],
		['xiaoming_2012是我的微信', 'xiaoming_2012'],
		['My WeChat is lily_2011', 'lily_2011'],
		['snapchat: emma.k2010', 'emma.k2010']
	])('%s', (text, id) => expect(found(text, /^[A-Za-z]/.test(text) ? 'en' : 'zh-CN')).toEqual([['messaging_id', id]]));
	it.each(['班级微信群', '微信公众号', '用微信扫码', 'QQ音乐', 'QQ群里', 'WeChat Pay', 'a WeChat group', '微信 please'])('not an id: %s', (t) => none(t));
	it('a phone number after 微信 is a phone', () => expect(found('微信13912345678')).toEqual([['phone', '13912345678']]));
});

describe('address', () => {
	it.each([
		['我住在幸福里小区3号楼2单元501，', '幸福里小区3号楼2单元501'],
		['朝阳区幸福路12号3单元502', '朝阳区幸福路12号3单元502'],
		['我家住在阳光小区5栋1201，', '阳光小区5栋1201'],
		['愚园路1088弄12号', '愚园路1088弄12号'],
		['我住在七号楼三单元五零二', '七号楼三单元五零二'],
		['我家住人民路58号，', '人民路58号'],
		['我家是青年路小区3-2-501，', '青年路小区3-2-501']
	])('%s', (text, address) => expect(found(text)).toEqual([['address', address]]));
	it.each([
		['I live at Flat 5, 12 Baker Street.', 'Flat 5, 12 Baker Street'],
		['I live in Apt 3B.', 'Apt 3B'],
		['Room 1203, Building 5', 'Room 1203, Building 5'],
		['Come to my house at 42 Oak Road.', '42 Oak Road']
	])('%s', (text, address) => expect(found(text, 'en')).toEqual([['address', address]]));
	it.each([
		'地铁3号线',
		'学校2号楼的实验室',
		'教学楼3层301教室',
		'3月5号是学雷锋日',
		'2号门',
		'图书馆在5楼',
		'小区有12栋楼',
		'幸福路12号的公交站',
		'5号楼和6号楼之间',
		'客服400-810-8888'
	])('not a home address: %s', (t) => none(t));
	it.each(['Room 204 at our school', 'the 3rd floor', 'The shop at 15 Green Lane', 'a flat tyre'])('not a home address: %s', (t) => none(t, 'en'));
});

describe('name', () => {
	it.each([
		['我叫王小明，', '王小明'],
		['我是三年级二班的李华，', '李华'],
		['我的名字是欧阳娜娜', '欧阳娜娜'],
		['姓名：张伟', '张伟'],
		['五年级的刘一鸣同学', '刘一鸣']
	])('%s', (text, name) => expect(found(text)).toEqual([['name', name]]));
	it.each([
		['My name is Li Hua, class 3.', 'Li Hua'],
		["I'm Wang Xiaoming from Grade 5.", 'Wang Xiaoming'],
		['my name is Tom and I am in class 4B.', 'Tom']
	])('%s', (text, name) => expect(found(text, 'en')).toEqual([['name', name]]));
	it.each(['我叫妈妈来接我', '我是高三的学生', '我叫李老师帮忙', '我是班长', '我叫小明', '我叫他别跑', '我是王者荣耀的玩家', '我叫毛毛', '我是高一的学生'])('not a name: %s', (t) => none(t));
	it.each(['I am happy that the park is open.', "I'm Chinese.", 'My name is not important.', 'This is Sunshine Park.'])('not a name: %s', (t) => none(t, 'en'));
});

describe('licence_plate', () => {
	it.each(['京A12345', '沪B·D12345', '粤B 88888', '川A12345F', '京Ａ１２３４５'])('%s', (plate) => expect(found(`车牌${plate}。`)).toEqual([['licence_plate', plate]]));
	it.each(['北京APEC会议', '京A大厦', '新A梦'])('not a plate: %s', (t) => none(t));
});

describe('spans', () => {
	it('are UTF-16 offsets into the original text (full-width input, emoji before the match)', () => {
		const text = '👨‍👩‍👧‍👦🌳 我的电话：１３９－１２３４－５６７８，邮箱ａ＠ｑｑ．ｃｏｍ';
		for (const d of findPersonalDetails(text)) expect(text.slice(d.start, d.end)).toBe(d.text);
		const phone = findPersonalDetails(text).find((d) => d.type === 'phone')!;
		expect(phone.text).toBe('１３９－１２３４－５６７８');
		expect(phone.start).toBe(text.indexOf('１３９'));
	});
	it('are sorted and never overlap', () => {
		const d = findPersonalDetails('我叫王小明，住在幸福里小区3号楼2单元501，电话13912345678，微信 xiaoming_2012，身份证110105201203041237');
		expect(d.map((x) => x.type)).toEqual(['name', 'address', 'phone', 'messaging_id', 'id_number']);
		for (let i = 1; i < d.length; i++) expect(d[i]!.start).toBeGreaterThanOrEqual(d[i - 1]!.end);
	});
});

// Pieces that make detections likely when strung together at random.
const PIECES = [
	'电话', '手机', '微信', 'QQ', 'wx', '我叫', '王', '小明', '住在', '小区', '3号楼', '2单元', '501', '栋', '号', '路', '12',
	'13912345678', '１３９', '一三九', '幺', ' ', '-', '+86', '@', 'qq.com', '.', '京A', '12345', '110105201203041237', '4111 1111 1111 1111',
	'😀', '👨‍👩‍👧', '\u200b', 'Flat 5', 'Street', 'my name is', 'Li Hua', 'class 3', '，', '。', 'X', '\ud800', 'a', '_'
];
const textArb = piecesText(PIECES);

describe('properties', () => {
	it('offsets are within the text, text = slice, sorted, non-overlapping; never throws', () => {
		fc.assert(
			fc.property(textArb, fc.constantFrom<Locale>('zh-CN', 'en'), (text, locale) => {
				const d: PersonalDetail[] = findPersonalDetails(text, { locale });
				let last = 0;
				for (const x of d) {
					if (!(0 <= x.start && x.start < x.end && x.end <= text.length)) return false;
					if (text.slice(x.start, x.end) !== x.text) return false;
					if (x.start < last) return false;
					last = x.end;
				}
				return true;
			}),
			{ numRuns: 300 }
		);
	});
});

describe('bounded on adversarial input (10,000 characters; a backtracking regex would not finish)', () => {
	const N = 10_000;
	const inputs: Record<string, string> = {
		digits: '1'.repeat(N),
		'spaced digits': '1 '.repeat(N / 2),
		'dashed digits': '1-'.repeat(N / 2),
		'号楼单元': '号楼单元'.repeat(N / 4),
		'1号楼2单元': '1号楼2单元'.repeat(N / 6),
		'Chinese numerals': '一三九 '.repeat(N / 4),
		at: '@'.repeat(N),
		'local part then @': 'a'.repeat(N - 2) + '@b',
		'hidden at': 'a'.repeat(N - 6) + ' [at] ',
		'我叫': '我叫'.repeat(N / 2),
		'QQ cue': 'QQ '.repeat(N / 3),
		'street words': 'Aa '.repeat(N / 3) + 'Street',
		'full-width mix': '１２３ 四五六－７８９'.repeat(Math.floor(N / 12)),
		emoji: '😀'.repeat(N / 2),
		brackets: '(1)'.repeat(Math.floor(N / 3))
	};
	for (const [name, text] of Object.entries(inputs)) {
		it(name, () => {
			const d = findPersonalDetails(text, { locale: 'zh-CN' });
			for (const x of d) expect(text.slice(x.start, x.end)).toBe(x.text);
			findPersonalDetails(text, { locale: 'en' });
		});
	}
});

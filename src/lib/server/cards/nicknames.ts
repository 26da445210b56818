import { randomInt as cryptoRandomInt } from 'node:crypto';
import type { CardLanguage } from './secret-words';

/**
 * Generated nicknames: a friendly word and an animal or thing ("开心熊猫", "Brave Dolphin"), never
 * a real name — no part is a common given name in English, and no Chinese nickname begins with a
 * common surname (a nickname that looks like 王小明 would invite writing a real one). The teacher
 * may change one afterwards (the database keeps them unique in the class, ignoring case).
 */
export const NICKNAME_PARTS: Record<CardLanguage, { first: readonly string[]; second: readonly string[] }> = {
	'zh-CN': {
		first: [
			'开心', '勇敢', '快乐', '聪明', '可爱', '晴朗', '闪亮', '认真', '活泼', '友好',
			'机灵', '善良', '热心', '细心', '爱笑', '好奇', '飞快', '彩色', '轻快', '灵巧',
			'神气', '欢乐', '努力', '诚实', '大方', '乖巧', '勤劳', '有趣'
		],
		second: [
			'熊猫', '海豚', '小鹿', '松鼠', '企鹅', '考拉', '刺猬', '蝴蝶', '蜜蜂', '孔雀',
			'骆驼', '斑马', '袋鼠', '小兔', '小猫', '鲸鱼', '云雀', '青蛙', '星星', '月亮',
			'彩虹', '风筝', '浪花', '雪人', '小船', '帆船', '松果', '树叶', '蘑菇', '海星',
			'水獭', '狐狸', '猫头鹰', '长颈鹿', '向日葵', '蒲公英'
		]
	},
	en: {
		first: [
			'Happy', 'Brave', 'Clever', 'Kind', 'Bright', 'Calm', 'Cheerful', 'Curious', 'Gentle', 'Jolly',
			'Lively', 'Lucky', 'Quick', 'Quiet', 'Smart', 'Swift', 'Friendly', 'Helpful', 'Playful', 'Busy',
			'Bouncy', 'Shiny', 'Tidy', 'Proud', 'Honest', 'Careful', 'Golden', 'Snowy'
		],
		second: [
			'Panda', 'Dolphin', 'Fox', 'Owl', 'Penguin', 'Koala', 'Otter', 'Rabbit', 'Squirrel', 'Hedgehog',
			'Turtle', 'Zebra', 'Giraffe', 'Kitten', 'Puppy', 'Duckling', 'Sparrow', 'Parrot', 'Beaver', 'Badger',
			'Lamb', 'Pony', 'Seal', 'Whale', 'Tiger', 'Lion', 'Bear', 'Camel', 'Deer', 'Frog',
			'Bee', 'Butterfly', 'Ladybird', 'Kite', 'Comet', 'Rainbow'
		]
	}
};

/** One nickname of the language from two parts (Chinese without a space, English with one). */
export function nickname(language: CardLanguage, first: string, second: string): string {
	return language === 'en' ? `${first} ${second}` : `${first}${second}`;
}

/**
 * `count` different nicknames, none of them (ignoring case) in `taken` (the class's current
 * nicknames), drawn at random from the language's pairs.
 *
 * @throws RangeError when the class has fewer free pairs than `count` (28 × 36 = 1008 per language)
 */
export function newNicknames(
	language: CardLanguage,
	count: number,
	taken: Iterable<string> = [],
	randomInt: (max: number) => number = cryptoRandomInt
): string[] {
	const { first, second } = NICKNAME_PARTS[language];
	const used = new Set([...taken].map((n) => n.toLowerCase()));
	const free: string[] = [];
	for (const a of first) for (const b of second) {
		const name = nickname(language, a, b);
		if (!used.has(name.toLowerCase())) free.push(name);
	}
	if (count > free.length) throw new RangeError(`only ${free.length} nicknames left`);
	// A partial Fisher–Yates shuffle: the first `count` are a uniform random choice.
	for (let i = 0; i < count; i++) {
		const j = i + randomInt(free.length - i);
		[free[i], free[j]] = [free[j]!, free[i]!];
	}
	return free.slice(0, count);
}

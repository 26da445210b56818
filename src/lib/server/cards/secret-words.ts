import { randomInt as cryptoRandomInt } from 'node:crypto';

/** The languages a login card is printed in. */
export type CardLanguage = 'zh-CN' | 'en';
export const CARD_LANGUAGES: readonly CardLanguage[] = ['zh-CN', 'en'];

/**
 * The words secret words are drawn from, per language: concrete things a child of 6 knows, reads
 * and types. Curated so that no two look alike (tests/unit: English words differ in at least two
 * letters and hold no letter pair that reads as another letter (`rn`/`m`, `cl`/`d`, `vv`/`w`);
 * Chinese words share no character and use at most one character of each look-alike group such
 * as 土/士/王, 大/太/犬, 千/干/于), none is unkind on its own (no pig, cow, monkey; no 猪, 狗,
 * 鸡, 蛋), and none is a word of the demo cards (printed in the README).
 *
 * Three words a card: English 105³ ≈ 1.16 million cards, Chinese 90³ ≈ 730,000, against 5 guesses
 * per card in 15 minutes (the sign-in throttle).
 */
export const SECRET_WORDS: Record<CardLanguage, readonly string[]> = {
	en: [
		'apple', 'bear', 'bell', 'bike', 'bird', 'boat', 'book', 'bread', 'brush', 'bus',
		'cake', 'camel', 'candy', 'carrot', 'castle', 'chair', 'cheese', 'crab', 'crown', 'cup',
		'desk', 'dog', 'dolphin', 'door', 'dragon', 'duck', 'eagle', 'egg', 'fish', 'flag',
		'flower', 'fork', 'fox', 'frog', 'garden', 'gift', 'guitar', 'hat', 'honey',
		'house', 'jacket', 'jelly', 'juice', 'kangaroo', 'key', 'koala', 'ladder', 'lemon',
		'lion', 'moon', 'muffin', 'nest', 'noodle', 'ocean', 'orange', 'owl', 'paper', 
		'peach', 'banana', 'pencil', 'penguin', 'piano', 'pizza', 'planet', 'potato', 'puppy', 'rabbit',
		'robot', 'salad', 'sandal', 'school', 'seal', 'sheep', 'pillow', 'pumpkin', 'shoe', 'snail',
		'snow', 'sock', 'square', 'squirrel', 'stone', 'sugar', 'sun', 'swan', 'table',
		'teapot', 'tent', 'tomato', 'towel', 'tractor', 'train', 'tree', 'truck', 'turtle', 'umbrella',
		'violin', 'wagon', 'window', 'wolf', 'yogurt', 'zebra', 'cookie', 'igloo', 'basket'
	],
	'zh-CN': [
		'熊猫', '风筝', '苹果', '香蕉', '西瓜', '葡萄', '草莓', '月亮', '太阳', '白云',
		'彩虹', '雪花', '森林', '海洋', '沙滩', '贝壳', '书包', '铅笔', '橡皮', '课桌',
		'黑板', '钢琴', '足球', '跳绳', '滑梯', '秋千', '积木', '火车', '轮船', '飞机',
		'灯笼', '蜡烛', '雨伞', '帽子', '围巾', '手套', '牙刷', '钟表', '茶壶', '面条',
		'米饭', '蜜蜂', '蝴蝶', '蜻蜓', '蚂蚁', '老虎', '斑马', '骆驼', '松鼠', '孔雀',
		'企鹅', '鲸鱼', '螃蟹', '青蛙', '恐龙', '荷叶', '柳树', '蘑菇', '土豆', '番茄',
		'高山', '小溪', '湖水', '瀑布', '城堡', '窗户', '门铃', '钥匙', '直尺', '地图',
		'电脑', '音乐', '舞蹈', '故事', '公园', '广场', '珍珠', '邮票', '雷声', '枕头',
		'玩具', '萝卜', '棉衣', '橙汁', '信封', '剪纸', '酸奶', '饮料', '拖鞋', '朋友'
	]
};

/**
 * What no card may say, within or across its words (checked on the words joined without spaces,
 * lower case): rude or unkind words and their fragments in each language. A draw that makes one
 * is thrown away and drawn again.
 */
export const BLOCKED_FRAGMENTS: Record<CardLanguage, readonly string[]> = {
	en: [
		'ass', 'arse', 'butt', 'poo', 'pee', 'wee', 'fart', 'sex', 'fat', 'ugly', 'dumb', 'stupid', 'kill', 'die', 'dead',
		'hell', 'damn', 'crap', 'suck', 'piss', 'shit', 'fuck', 'cock', 'dick', 'tit', 'cum', 'nazi', 'hate', 'gun', 'slut',
		'whore', 'bitch', 'bum', 'nut', 'boob', 'porn', 'nude', 'rape', 'drug', 'beer', 'wine', 'smoke'
	],
	'zh-CN': [
		'傻', '笨', '蠢', '呆', '死', '杀', '屎', '屁', '尿', '屌', '鸟', '猪', '狗', '鸡', '鸭', '蛋', '鬼', '丑', '胖', '滚',
		'贱', '骚', '婊', '操', '日你', '妈的', '他妈', '你妈', '尼玛', '泥马', '草泥', '王八', '乌龟', '神经', '白痴', '混',
		'奶罩', '烟', '酒', '毒', '血'
	]
};

/** Three different words of `language`'s list, as printed on the card (separated by spaces). */
export function newSecretWords(language: CardLanguage, randomInt: (max: number) => number = cryptoRandomInt): string {
	const list = SECRET_WORDS[language];
	for (;;) {
		const words: string[] = [];
		while (words.length < 3) {
			const word = list[randomInt(list.length)]!;
			if (!words.includes(word)) words.push(word);
		}
		if (!isBlocked(words, language)) return words.join(' ');
	}
}

/** Whether these words (in card order) make something no card may say, alone or run together. */
export function isBlocked(words: readonly string[], language: CardLanguage): boolean {
	const joined = words.join('').toLowerCase();
	return BLOCKED_FRAGMENTS[language].some((f) => joined.includes(f));
}

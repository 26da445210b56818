/**
 * Safeguarding rules (zh-CN and en): wording in which a child discloses that they or another child
 * are at risk. Each rule is a phrase pattern for one type, optionally with a guard that looks at the
 * sentence around the match to leave out ordinary talk that uses the same words (campaign posters,
 * lessons, news, games, stories, hyperbole such as 热死了 / "the heat is killing me").
 *
 * Rules are phrase lists, not a model: they catch the wordings in the labelled set and their
 * obvious variants; a miss found later becomes a new line in tests/fixtures/safety and a rule here.
 * All patterns are linear (bounded gaps only, no nested quantifiers).
 */
import { normalize, toOriginal } from './normalize';
import type { Locale, SafeguardingSignal, SafeguardingType } from './types';

interface Context {
	/** The normalised text. */
	text: string;
	/** The matched text. */
	match: string;
	/** The sentence around the match (bounded to 120 characters each side). */
	sentence: string;
	/** The part of the sentence before the match. */
	before: string;
	/** The part of the sentence after the match. */
	after: string;
}

interface Rule {
	type: SafeguardingType;
	re: RegExp;
	/** Returns the type to report (it may refine the rule's own), or null to leave this match out. */
	check?: (c: Context) => SafeguardingType | null;
}

// Talk ABOUT a topic rather than a disclosure: posters, campaigns, lessons, news, stories, games.
const ABOUT_ZH =
	/海报|宣传|标语|主题班会|班会|讲座|倡议|活动|反对|反校园|预防|防止|防范|杜绝|拒绝|远离|新闻|报道|历史|课文|课上|电影|电视剧|小说|故事|童话|游戏|角色|动画|漫画|古代|调查|问卷|演讲|知识|安全教育|普法|法律|心理课|课本|书里|书上/;
const ABOUT_EN =
	/poster|campaign|anti-|awareness|assembly|talk(?:s|ed)? about|lesson|history|historical|news|movie|film|book|novel|story|stories|game|character|documentary|survey|week|prevent|stop bullying|project|essay|play|song|cartoon|anime|emperor|king|queen|soldier|war/i;
const GAME_ZH = /游戏|王者|吃鸡|和平精英|我的世界|原神|蛋仔|Boss|boss|副本|队友|角色|怪物|僵尸|比赛|球|篮球|足球|排球|乒乓|羽毛球|打雪仗|水枪|枕头大战|闹着玩|开玩笑|游泳/;
const GAME_EN = /\b(?:game|games|gaming|minecraft|fortnite|roblox|character|boss|level|match|ball|football|soccer|basketball|dodgeball|snowball|pillow fight|tag|play(?:ing)?|joke|joking|kidding)\b/i;
const ANIMAL_ZH = /猫|狗|小猫|小狗|宠物|鹦鹉|仓鼠|兔子|乌龟|金鱼|鸟/;
const ANIMAL_EN = /\b(?:cat|dog|kitten|puppy|pet|parrot|hamster|rabbit|bunny|bird|turtle|tortoise)\b/i;

// Who did it: family (abuse at home) or other children (bullying).
const FAMILY_ZH = /爸|妈|父亲|母亲|继父|继母|后爸|后妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|哥哥|姐姐|舅舅|叔叔|姑姑|姑父|伯伯|家里人|家人|大人|家里/;
const FAMILY_EN =
	/\b(?:dad|daddy|father|mum|mummy|mom|mommy|mother|stepdad|stepfather|step-dad|stepmum|stepmom|stepmother|step-mum|step-mom|uncle|aunt|auntie|grandpa|grandad|grandma|granny|grandfather|grandmother|brother|sister|parents?|mum's boyfriend|mom's boyfriend|at home)\b/i;
const ADULT_ZH = /叔叔|伯伯|爷爷|邻居|教练|继父|后爸|大人|男人|陌生人|网友|老师|哥哥|舅舅|姑父|表哥|堂哥/;
const ADULT_EN = /\b(?:uncle|neighbou?r|coach|stepdad|stepfather|man|grown-?up|adult|teacher|tutor|cousin|someone online|friend online|boyfriend)\b/i;

const aboutOrGame = (c: Context): boolean => ABOUT_ZH.test(c.sentence) || GAME_ZH.test(c.sentence);
const aboutOrGameEn = (c: Context): boolean => ABOUT_EN.test(c.sentence) || GAME_EN.test(c.sentence);

/** A harm verb aimed at "me": abuse at home if a family member is named before it, else bullying. */
function whoHarmsZh(c: Context): SafeguardingType | null {
	if (GAME_ZH.test(c.sentence) || ABOUT_ZH.test(c.before)) return null;
	if (/^打我(?:们)?(?:的|家)?(?:妈妈|爸爸|家里)?(?:的)?(?:电话|手机|号码|座机)/.test(c.match + c.after)) return null;
	return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'bullying';
}
function whoHarmsEn(c: Context): SafeguardingType | null {
	if (GAME_EN.test(c.sentence) || ABOUT_EN.test(c.before)) return null;
	return FAMILY_EN.test(c.before) || FAMILY_EN.test(c.after) ? 'abuse_at_home' : 'bullying';
}

const RULES_ZH: Rule[] = [
	// ---- self-harm and suicidal thoughts (direct and indirect)
	{
		type: 'self_harm',
		re: /不想活(?![得在成])|活着(?:真|好|太|也|都)?没(?:有)?(?:意思|意义|劲)|活着有什么(?:意思|意义|用)|活不下去|不如死了|死了算了|死了就好了|死掉算了|想去死|好想死|真想死|想死(?![你您他她它咱]|我了|人了)|想自杀|要自杀|自杀(?:过|了)|轻生|寻死|结束(?:自己的)?生命|想消失|(?:从这个世界|在这个世界上)消失|消失(?:就好了|算了)|不想(?:再)?醒来|不要醒来|永远睡(?:下去|着)|一睡不醒|想(?:从.{0,8})?跳(?:楼|下去|河|江|湖)|割腕|割(?:自己|我自己)|划(?:自己|我自己)|伤害自己|自残|弄伤自己|吃(?:了)?(?:很多|一把|好多|一瓶)?安眠药|离开这个世界|没有我(?:的话)?[，,]?(?:大家|他们|爸妈|爸爸妈妈|家里|我家|家人)?(?:会|都会)?(?:过得)?更好|没(?:有)?人会(?:想我|在乎我|记得我)|我死了(?:也)?没人/,
		check: (c) => {
			if (/自杀|轻生|跳楼|自残|结束(?:自己的)?生命/.test(c.match) && ABOUT_ZH.test(c.sentence)) return null;
			if (/想死/.test(c.match) && /(?:热|累|困|饿|渴|无聊|烦|笑|冷|痒)得?(?:我)?(?:都|真|好)?想死/.test(c.before.slice(-6) + c.match)) return null;
			if (/消失/.test(c.match) && /(?:游戏|魔术|角色|星星|太阳|彩虹|雪|冰|泡泡|恐龙)/.test(c.sentence)) return null;
			if (/跳/.test(c.match) && /跳楼价|甩卖/.test(c.sentence)) return null;
			return 'self_harm';
		}
	},
	// ---- hitting: abuse at home or bullying, by who does it
	{
		type: 'bullying',
		re: /(?:打|揍|踢|扇|掐|抽|踹|推)我(?![们电手号]|的(?:电话|手机|号码|球|车|自行车|作业|时间))|打我们(?![学班的队年])|把我(?:打|揍|踢)|打得我|(?:用|拿).{0,6}(?:打|抽|揍)我/,
		check: whoHarmsZh
	},
	// ---- abuse at home
	{
		type: 'abuse_at_home',
		re: /家暴|虐待我|不敢回家|害怕回家|怕回家|(?:喝醉|喝多|喝了酒)(?:了)?(?:以后|之后|就)?(?:就)?(?:打|骂|摔|砸)|烫我|把我(?:关|锁|绑)(?:在|起来)|骂我(?:是)?(?:废物|去死|垃圾|没用的东西)|让我去死|身上(?:都是|有|全是)(?:伤|淤青|青一块)|不给我(?:饭|东西)吃/,
		check: (c) => {
			if (/家暴/.test(c.match) && ABOUT_ZH.test(c.sentence)) return null;
			if (/把我(?:关|锁)/.test(c.match) && /教室|厕所|器材室|体育馆/.test(c.after.slice(0, 6))) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'bullying';
			if (/不给我(?:饭|东西)吃/.test(c.match)) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'neglect';
			return 'abuse_at_home';
		}
	},
	// ---- sexual abuse
	{
		type: 'sexual_abuse',
		re: /(?:摸|碰|亲|舔)(?:了)?我(?:的)?(?:下面|隐私|私处|私密|胸|屁股|大腿|身体|内裤|嘴)|让我(?:脱|摸他|摸她|碰他|看他的?(?:下面|身体))|脱(?:了)?我(?:的)?(?:衣服|裤子|内裤)|性侵|猥亵|强奸|强暴|拍我的?(?:裸照|光身子|没穿衣服)|(?:要|让)我(?:发|拍)(?:裸照|光身子|没穿衣服)|说这是我们(?:之间)?的秘密|让我看(?:黄色|不好的|大人的)(?:视频|图片|电影)|给我看(?:黄色|不好的)(?:视频|图片)|不让我告诉(?:别人|任何人|爸爸|妈妈|爸妈|家里|老师)/,
		check: (c) => {
			if (/性侵|猥亵|强奸|强暴/.test(c.match) && ABOUT_ZH.test(c.sentence) && !/我/.test(c.before.slice(-8))) return null;
			if (/不让我告诉/.test(c.match)) {
				// Keeping a secret: about hitting (home or peers) or grooming by an adult.
				if (/打|踢|揍|掐|骂|抢|要钱/.test(c.before)) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'bullying';
				return ADULT_ZH.test(c.before) ? 'sexual_abuse' : 'bullying';
			}
			return 'sexual_abuse';
		}
	},
	// ---- neglect
	{
		type: 'neglect',
		re: /没(?:有)?(?:饭|东西)吃|吃不上饭|没人(?:管我|照顾我|给我做饭|关心我)|没有人(?:管我|照顾我|给我做饭|关心我)|(?:一个人|自己)在家(?:待了)?(?:好几天|几天|很多天|一个星期|一周|两天|三天)|(?:爸爸|妈妈|爸妈|父母|大人)(?:已经)?(?:好几天|几天|很多天|经常|总是|常常)(?:都)?不回家|被锁在(?:家)?(?:门外|外面)|进不了家门|把我(?:一个人)?(?:丢|扔|留)在家|饿了?(?:好几天|一天|两天|一整天)|饿着肚子(?:上学|睡觉)|没钱吃饭|冬天(?:我|我们)?(?:也|都)?没(?:有)?(?:厚)?(?:衣服|棉衣|外套|被子)(?:穿|盖)?|(?:生病|发烧)了?(?:也)?没人(?:管|带我)/,
		check: (c) => {
			if (/没(?:有)?(?:饭|东西)吃|吃不上饭|没钱吃饭/.test(c.match) && !/家/.test(c.before.slice(-8)) && /食堂|餐厅|小卖部|超市|商店|外卖|住校生|同学们|学生们|周末|晚自习|午餐|中午/.test(c.sentence)) return null;
			if (/锁在|进不了/.test(c.match) && /教室|学校|图书馆|机房|电脑|账号|游戏|体育馆/.test(c.sentence)) return null;
			if (ABOUT_ZH.test(c.before) && !/我/.test(c.match)) return null;
			return 'neglect';
		}
	},
	// ---- bullying and extortion
	{
		type: 'bullying',
		re: /欺负我|霸凌我|欺凌我|勒索我|敲诈我|(?:我|同学|朋友|弟弟|妹妹)(?:经常|总是|天天|一直|又|也|每天)?被(?:人|同学|他们|几个人|高年级的?(?:同学|学生)?|大孩子|男生|女生|别人|坏人)?(?:欺负|霸凌|欺凌|勒索|孤立|敲诈|抢|威胁|揍|打)|(?:抢|拿走|要走|偷)(?:了)?我(?:的)?(?:钱|零花钱|饭卡|午饭|早饭|东西|文具|手机|书包)|(?:找|问|跟)我要钱|逼我(?:给|交)|让我(?:给|交)(?:他们)?(?:保护费|钱)|保护费|孤立我|(?:大家|他们|全班|同学们?|所有人)都不(?:理我|跟我玩|和我玩|跟我说话|和我说话)|给我起(?:难听的)?外号|嘲笑我|往我(?:身上|桌子|书包|饭)(?:上|里)?(?:扔|泼|吐|倒)|把我(?:的)?(?:书|书包|东西|作业)(?:扔|撕|藏)|堵我|威胁我|(?:天天|每天|经常|总是|老是|一直)(?:都)?(?:骂|笑话|嘲笑|欺负)我/,
		check: (c) => {
			if (GAME_ZH.test(c.sentence) && !/钱|保护费/.test(c.match)) return null;
			if (ABOUT_ZH.test(c.sentence) && !/我/.test(c.match)) return null;
			if (/保护费/.test(c.match) && ABOUT_ZH.test(c.sentence)) return null;
			if (FAMILY_ZH.test(c.before) && /骂|打|揍/.test(c.match)) return 'abuse_at_home';
			return 'bullying';
		}
	},
	// ---- running away
	{
		type: 'running_away',
		re: /离家出走|逃离(?:这个)?家|逃出(?:这个)?家|(?:想|要|打算|准备)(?:从家里)?(?:逃走|逃跑|跑掉)|(?:不想|不要|再也不)(?:再)?回(?:那个)?家了|从家里(?:逃|跑)出来|跑出去(?:再也)?不回来/,
		check: (c) => {
			if (ANIMAL_ZH.test(c.before.slice(-8))) return null;
			if (ABOUT_ZH.test(c.sentence)) return null;
			return 'running_away';
		}
	}
];

const RULES_EN: Rule[] = [
	{
		type: 'self_harm',
		re: /\b(?:want(?:ed)? to|wanna|going to|gonna|thinking (?:about|of)|thought about|tried to|try to|plan(?:ning)? to) (?:die|kill myself|end (?:it all|my life|everything)|disappear|not (?:be here|exist|wake up)|hurt myself|cut myself)\b|\bkill(?:ing)? myself\b|\b(?:wants?|wanted|going|trying|tried|planning) to (?:kill|hurt) (?:herself|himself|themselves)\b|\bsuicid(?:e|al)\b|\bend my life\b|\bno(?:body| one) would (?:miss|notice|care)\b|\bbetter off without me\b|\b(?:hurt|cut|cutting|hurting|harm|harming|burn|burning) myself\b|\bself[- ]harm(?:ing)?\b|\bdon'?t want to (?:live|be alive|wake up|exist|be here anymore)\b|\bno reason to live\b|\bnot worth living\b|\bwish I (?:was|were) (?:dead|never born|gone)\b|\bwish I could (?:disappear|die|vanish)\b|\bcan'?t go on\b|\bwant it all to (?:end|stop)\b|\bnever wake up\b/i,
		check: (c) => {
			if (/suicid|self[- ]harm/i.test(c.match) && ABOUT_EN.test(c.sentence) && !/\b(?:I|I'm|me|my)\b/.test(c.before)) return null;
			if (/disappear|vanish/i.test(c.match) && /\b(?:magic|trick|snow|ice|bubble|game|character)\b/i.test(c.sentence)) return null;
			return 'self_harm';
		}
	},
	{
		type: 'bullying',
		re: /\b(?:hits?|hitting|beats?|beating|beat me up|hurts?|hurting|kicks?|kicking|slaps?|slapping|punch(?:es|ing)?|chokes?|burns?|pinch(?:es)?|shoves?|push(?:es)?|trips?) me\b|\bhit me\b|\bthrows? things at me\b|\b(?:with|takes off) (?:a|his|her) belt\b/i,
		check: (c) => {
			if (/\bhurts? me\b/i.test(c.match) && !FAMILY_EN.test(c.before) && !/\b(?:he|she|they|someone|people|kids|boys|girls|classmates)\b/i.test(c.before)) return null;
			return whoHarmsEn(c);
		}
	},
	{
		type: 'abuse_at_home',
		re: /\b(?:don'?t|do not|never) feel safe (?:at home|going home|to go home|when I go home)\b|\b(?:scared|afraid|frightened|terrified) (?:to go|of going|to be) (?:back )?home\b|\bwhen (?:he|she|they)(?:'s| is| are| gets?| get)? (?:drunk|drinks|drinking)\b|\b(?:gets?|got) drunk and (?:hits|yells|screams|breaks|throws)\b|\b(?:bruises|marks) (?:from|because of) my\b|\bdomestic (?:violence|abuse)\b|\blocks? me (?:in|out)\b|\bstarves? me\b/i,
		check: (c) => {
			if (/domestic/i.test(c.match) && ABOUT_EN.test(c.sentence)) return null;
			if (/locks? me/i.test(c.match) && !FAMILY_EN.test(c.sentence)) return /\b(?:they|kids|boys|girls|classmates)\b/i.test(c.before) ? 'bullying' : null;
			return 'abuse_at_home';
		}
	},
	{
		type: 'sexual_abuse',
		re: /\btouch(?:es|ed|ing)? (?:me|my) (?:private|privates|down there|where|in places|under my|body|chest|bottom)|\btouch(?:es|ed)? me (?:there|down there|in a bad way|in a way)\b|\bmakes? me (?:take off|undress|touch (?:him|her|his|her)|watch (?:porn|adult|dirty)|keep (?:it|this) (?:a )?secret)|\bsexual(?:ly)? (?:abuse[ds]?|assault(?:ed)?|touch(?:ed|es)?)\b|\bmolest(?:ed|s|ing)?\b|\brap(?:e|ed)\b|\b(?:asks?|asked|asking|told|tells|wants?|keeps asking) me (?:to send|for) (?:nudes|naked|photos? of my body|pictures? of my body)|\bsends? me (?:nude|naked|dirty) (?:pictures|photos|pics)|\b(?:said|says) (?:it'?s|it is) our (?:little )?secret\b|\bnot (?:to )?tell (?:anyone|my mum|my mom|my parents) or\b/i,
		check: (c) => {
			if (/sexual|molest|rap/i.test(c.match) && ABOUT_EN.test(c.sentence) && !/\b(?:me|my|I)\b/i.test(c.before + c.after)) return null;
			return 'sexual_abuse';
		}
	},
	{
		type: 'neglect',
		re: /\bno food (?:at home|in the house|in our house)\b|\bnothing to eat\b|\bhaven'?t eaten (?:since|for)\b|\bgo(?:es)? to (?:bed|school) hungry\b|\bno(?:body| one) (?:looks after|takes care of|feeds|cooks for|cares about|checks on) me\b|\bleft (?:me )?(?:alone|home alone|by myself) for (?:days|a week|\d+ days|two days|three days)\b|\blocked out(?: of (?:the house|home|my house|our flat))?(?: again| all night| overnight| for hours)?\b|\bparents? (?:don'?t|never|didn'?t|haven'?t) come home\b|\bhome alone for (?:days|a week)\b|\bno one (?:picks me up|is home) for days\b/i,
		check: (c) => {
			if (/nothing to eat/i.test(c.match) && !/\bhome|house|we have|I have|my family\b/i.test(c.sentence) && /canteen|cafeteria|shop|weekend|lunch|menu|vending/i.test(c.sentence)) return null;
			if (/locked out/i.test(c.match) && /\bof (?:the )?(?:computer|library|classroom|account|game|gym|lab|app|website)/i.test(c.sentence)) return null;
			if (/locked out/i.test(c.match) && ABOUT_EN.test(c.sentence)) return null;
			return 'neglect';
		}
	},
	{
		type: 'bullying',
		re: /\b(?:being|been|get|gets|getting|got|am|I'm|was) bullied\b|\bbull(?:y|ies|ied|ying) me\b|\b(?:take|takes|took|steal|steals|stole|grab|grabs|grabbed) my (?:money|lunch money|lunch|phone|things|stuff|bag|pocket money)\b|\bmakes? me (?:give|pay|hand over) (?:them|him|her)\b|\bpay them (?:every|or)\b|\bcall(?:s|ed)? me (?:names|fat|ugly|stupid|a freak|weird)\b|\b(?:laugh at|laughs at|laughing at|make fun of|makes fun of|making fun of) me\b|\bno(?:body| one) (?:talks to|plays with|sits with) me\b|\b(?:everyone|they all|the whole class|all of them) (?:ignores?|ignore|leaves? me out)\b|\bthreaten(?:s|ed)? (?:me|to (?:beat|hurt|hit) me)\b|\bleave me out\b|\bleft me out\b/i,
		check: (c) => {
			if (ABOUT_EN.test(c.before) && !/\bme\b/i.test(c.match)) return null;
			if (GAME_EN.test(c.sentence) && /laugh|call|threaten/i.test(c.match)) return null;
			if (FAMILY_EN.test(c.before) && /call|threaten/i.test(c.match)) return 'abuse_at_home';
			return 'bullying';
		}
	},
	{
		type: 'running_away',
		re: /\brun(?:ning)? away from home\b|\bran away from home\b|\b(?:want|wanna|going|gonna|plan(?:ning)?|thinking about|think about) (?:to )?(?:run(?:ning)? away|runaway)\b|\bleave home (?:and never|forever|for good|tonight)\b|\bnever (?:go|going|coming) (?:back )?home\b|\bdon'?t want to go (?:back )?home(?: ever| again| anymore)\b/i,
		check: (c) => {
			if (ANIMAL_EN.test(c.before)) return null;
			if (ABOUT_EN.test(c.sentence) && !/\bI\b/.test(c.before.slice(-30))) return null;
			return 'running_away';
		}
	}
];

const SENTENCE_END = /[。！？!?\n;；]/;

function sentenceAround(text: string, start: number, end: number): { before: string; after: string } {
	let s = start;
	const minS = Math.max(0, start - 120);
	while (s > minS && !SENTENCE_END.test(text[s - 1]!)) s--;
	// An English full stop ends a sentence too (a dot inside a number or abbreviation rarely matters).
	let e = end;
	const maxE = Math.min(text.length, end + 120);
	while (e < maxE && !SENTENCE_END.test(text[e]!)) e++;
	let before = text.slice(s, start);
	const dot = before.lastIndexOf('. ');
	if (dot >= 0) before = before.slice(dot + 2);
	let after = text.slice(end, e);
	const dot2 = after.indexOf('. ');
	if (dot2 >= 0) after = after.slice(0, dot2);
	return { before, after };
}

/**
 * Finds safeguarding signals: see ./index.ts. Both languages' rules run on every text (children
 * mix languages); `locale` is accepted for symmetry and future rules.
 * @returns signals sorted by start, offsets into `text` (UTF-16); overlapping signals of different
 *   types are all kept
 */
export function findSafeguardingSignalsIn(text: string, _locale: Locale = 'zh-CN'): SafeguardingSignal[] {
	if (!text) return [];
	const n = normalize(text);
	const found: SafeguardingSignal[] = [];
	const seen = new Set<string>();
	for (const rule of [...RULES_ZH, ...RULES_EN]) {
		const re = new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : rule.re.flags + 'g');
		for (const m of n.text.matchAll(re)) {
			if (!m[0]) continue;
			const { before, after } = sentenceAround(n.text, m.index, m.index + m[0].length);
			const ctx: Context = { text: n.text, match: m[0], sentence: before + m[0] + after, before, after };
			const type = rule.check ? rule.check(ctx) : rule.type;
			if (!type) continue;
			const { start, end } = toOriginal(n, m.index, m.index + m[0].length);
			const key = `${type}:${start}:${end}`;
			if (seen.has(key)) continue;
			seen.add(key);
			found.push({ type, start, end, text: text.slice(start, end) });
		}
	}
	return found.sort((a, b) => a.start - b.start || a.end - b.end);
}

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
	/话剧|小品|剧本|主角|主人公|课本剧|排练|表演|海报|宣传|标语|主题班会|班会|讲座|倡议|活动|反对|反校园|预防|防止|防范|杜绝|拒绝|远离|新闻|报道|历史|课文|课上|电影|电视剧|小说|故事|童话|游戏|角色|动画|漫画|古代|调查|问卷|演讲|知识|安全教育|普法|法律|心理课|课本|书里|书上/;
const ABOUT_EN =
	/poster|campaign|anti-|awareness|assembly|talk(?:s|ed)? about|lesson|history|historical|news|movie|film|book|novel|story|stories|game|character|documentary|survey|(?:awareness|bullying|safety|kindness) week|prevent|stop bullying|project|essay|play|song|cartoon|anime|emperor|king|queen|soldier|war/i;
const GAME_ZH = /不小心|水球|气球|游戏|王者|吃鸡|和平精英|我的世界|原神|蛋仔|Boss|boss|副本|队友|角色|怪物|僵尸|比赛|球|篮球|足球|排球|乒乓|羽毛球|打雪仗|水枪|枕头大战|闹着玩|开玩笑|游泳/;
const GAME_EN = /\b(?:game|games|gaming|minecraft|fortnite|roblox|character|boss|level|match|ball|football|soccer|basketball|dodgeball|snowball|snowballs|pillow fight|water balloons?|water fight|water guns?|tag|play(?:ing)?|joke|joking|kidding|we laughed|laughing|by accident|accidentally)\b/i;
const ANIMAL_ZH = /猫|狗|小猫|小狗|宠物|鹦鹉|仓鼠|兔子|乌龟|金鱼|鸟/;
const ANIMAL_EN = /\b(?:cat|dog|kitten|puppy|pet|parrot|hamster|rabbit|bunny|bird|turtle|tortoise)\b/i;

// Who did it: family (abuse at home) or other children (bullying).
const FAMILY_ZH = /爸|妈|父亲|母亲|继父|继母|后爸|后妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|哥哥|姐姐|舅舅|叔叔|姑姑|姑父|伯伯|家里人|家人|大人|家里/;
const FAMILY_EN =
	/\b(?:dad|daddy|father|mum|mummy|mom|mommy|mother|stepdad|stepfather|step-dad|stepmum|stepmom|stepmother|step-mum|step-mom|uncle|aunt|auntie|grandpa|grandad|grandma|granny|grandfather|grandmother|brother|sister|parents?|mum's boyfriend|mom's boyfriend|at home)\b/i;
const ADULT_ZH = /大哥哥|大姐姐|叔叔|伯伯|爷爷|邻居|教练|继父|后爸|大人|男人|陌生人|网友|老师|哥哥|舅舅|姑父|表哥|堂哥/;
const ADULT_EN = /\b(?:uncle|neighbou?r|coach|stepdad|stepfather|man|grown-?up|adult|teacher|tutor|cousin|someone online|friend online|boyfriend)\b/i;


// "打我(妈妈的)电话": call me, not hit me.
const CALL_ME_ZH = /^打(?:了)?我(?:们)?(?:的|家)?(?:妈妈|爸爸|爸|妈|家里|奶奶|爷爷)?(?:的)?(?:电话|手机|号码|座机)/;

/** A harm verb aimed at "me": abuse at home if a family member is named before it, else bullying. */
function whoHarmsZh(c: Context): SafeguardingType | null {
	if (GAME_ZH.test(c.sentence) || ABOUT_ZH.test(c.before)) return null;
	if (CALL_ME_ZH.test(c.match + c.after)) return null;
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
		re: /不想活(?![得在成])|活着(?:真|好|太|也|都)?没(?:有)?(?:意思|意义|劲)|活着有什么(?:意思|意义|用)|活不下去|不如死了|死了算了|死了就好了|死掉算了|想去死|好想死|真想死|想死(?![你您他她它咱]|我了|人了)|想自杀|要自杀|自杀(?:过|了)|轻生|寻死|结束(?:自己的)?生命|想消失|(?:从这个世界|在这个世界上)消失|消失(?:就好了|算了)|不想(?:再)?醒来|不要醒来|永远睡(?:下去|着)|一睡不醒|想(?:从.{0,8})?跳(?:楼|下去|河|江|湖)|割腕|割(?:自己|我自己)|划(?:自己|我自己)(?!的(?:名字|作业|书|东西))|伤害自己|自残|弄伤自己|吃(?:了)?(?:很多|一把|好多|一瓶)?安眠药|离开这个世界|没有我(?:的话)?[，,]?(?:大家|他们|爸妈|爸爸妈妈|家里|我家|家人)?(?:会|都会)?(?:过得)?更好|没(?:有)?人会(?:想我|在乎我|记得我)|我死了(?:也)?没人/,
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
			if (/回家/.test(c.match) && /^(?:的)?(?:路上|路|太晚|晚了|迟)/.test(c.after)) return null;
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
	},
	// ---- broader wordings (second batch of the labelled set): indirect self-harm
	{
		type: 'self_harm',
		re: /(?:如果|要是|假如)我死了|我死了(?:以后|的话|就|也)|(?:如果|要是|假如)?我不在了|我(?:想|要)?(?:一直|永远)睡下去|不要(?:再)?起来了|(?:我|自己)(?:是|就是)(?:个)?多余的|(?:没有|没)人需要我|(?:扎|刺|戳|烫|咬|抓|掐|打|划|割|撞)(?:伤)?(?:自己|我自己)(?!的(?:作业|书|东西|房间|玩具|名字|衣服|车))|(?:想|好想|只想)解脱|撑不下去了|坚持不下去了|(?:写|留)(?:了)?遗书|活着(?:好|太|真)累|不想(?:再)?(?:存在|活下去|继续活)|(?:用|拿)(?:头|脑袋)(?:去)?撞(?:墙|桌子|门)|恨(?:死)?(?:我)?自己(?!没|不该|当时|忘)|不想(?:再)?坚持(?:了|下去)|(?:一切|什么)都没(?:有)?意义|(?:怎么|如何|怎样)(?:才能|可以|能)?.{0,6}死(?:去|掉)?|死去|(?:抠|抓|掐|咬|划|割|扎|烫|挠)(?:破|伤)?(?:我的|自己的)?(?:手臂|胳膊|手腕|大腿|腿|皮肤)[^。！？]{0,8}(?:出血|流血|才停|留疤)|吃(?:了)?(?:很多|一堆|一把|好多|一整瓶|一瓶)(?:的)?药|讨厌(?:死)?(?:我)?自己|去死(?:算了|好了)?(?![吧啦])/,
		check: (c) => {
			if (ABOUT_ZH.test(c.sentence) || GAME_ZH.test(c.sentence)) return null;
			if (/去死/.test(c.match) && !/我|自己/.test(c.before.slice(-6))) return null;
			// "(继母)说我是多余的": someone else says it to the child.
			if (/多余/.test(c.match) && /说$/.test(c.before)) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'bullying';
			if (/^(?:怎么|如何|怎样)/.test(c.match) && !/我|自己/.test(c.before + c.match)) return null;
			// Hyperbole: 热死, 累死, 笑死…; 疼得死去活来.
			if (/[热累笑气吓饿困烦忙渴冷痒馋臭]死|死去活来/.test(c.match + c.after.slice(0, 2))) return null;
			return 'self_harm';
		}
	},
	// ---- broader: violence or punishment at home (a family member named in the sentence)
	{
		type: 'abuse_at_home',
		re: /(?:打|揍|踢|砸|掐|烫|抽|扇|拧|揪|扯|摔)(?:了)?(?:我|人)(?![们电手号])|打了我|拿(?:东西|棍子|皮带|衣架|拖鞋|鞋|椅子)(?:砸|打|扔|抽)我|(?:揪|扯|拽)(?:着)?我(?:的)?头发|罚(?:我)?跪|罚我不(?:吃饭|准吃饭)|不(?:让|给|准)我吃饭|饿着我|让我饿(?:着|肚子)|(?:爸爸|爸|继父|后爸)(?:又|经常|总是|喝醉了)?打(?:我)?(?:妈妈|妈)|(?:爸爸|爸)(?:和|跟)(?:妈妈|妈)打架|(?:把我)?赶出(?:家门|家)|(?:很|好|特别|非常)?(?:怕|害怕)(?:晚上|放学|周末)?回家|骂我(?:是)?(?:赔钱货|废物|垃圾|没用|猪|滚)/,
		check: (c) => {
			if (GAME_ZH.test(c.sentence) || ABOUT_ZH.test(c.sentence)) return null;
			if (/回家/.test(c.match) && /^(?:的)?(?:路上|路|太晚|晚了|迟)/.test(c.after)) return null;
			if (/回家|赶出|妈|饿/.test(c.match)) return 'abuse_at_home';
			if (/打人|揍人|砸人|摔人|踢人|掐人|抽人|扇人/.test(c.match)) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : null;
			if (CALL_ME_ZH.test(c.match + c.after)) return null;
			return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : /打|揍|踢|砸|掐|扇/.test(c.match) ? 'bullying' : null;
		}
	},
	// ---- broader: touching and images by an adult
	{
		type: 'sexual_abuse',
		re: /(?:摸|碰|亲|抱)(?:了)?我(?!的?(?:头|脸|手|额头|脑袋|肩膀|肩|背))|(?:坐|躺)在(?:他|她)(?:的)?(?:腿上|怀里|床上)|拍(?:我|自己)(?:的)?(?:身体|光身|隐私|下面)|(?:给|让)(?:他|她|他们)看(?:我|自己)?(?:的)?(?:身体|下面|隐私)|只有我们两个人的时候|(?:不让|让|叫|要)我(?:不要|别|不能|不许)?告诉(?:任何人|别人|爸妈|爸爸|妈妈|家里|老师)|让我(?:去|到)(?:他|她)(?:家|的家|车上|房间)|(?:网上|网友|网上认识的|游戏里认识的).{0,20}(?:让我|叫我|约我|要我).{0,10}(?:去找他|去找她|见面|一个人去|去他家|出来)|让我(?:脱|脱掉)(?:外套|裤子|衣服|上衣)/,
		check: (c) => {
			if (ABOUT_ZH.test(c.sentence)) return null;
			if (/^(?:摸|碰|亲|抱)/.test(c.match) && !ADULT_ZH.test(c.before) && !/网上|网友|陌生/.test(c.sentence)) return null;
			if (/告诉|让我(?:去|到)/.test(c.match)) {
				if (/打|踢|揍|掐|骂|抢|要钱/.test(c.before)) return FAMILY_ZH.test(c.before) ? 'abuse_at_home' : 'bullying';
				if (!ADULT_ZH.test(c.before) && !/网上|网友|陌生/.test(c.sentence)) return null;
			}
			return 'sexual_abuse';
		}
	},
	// ---- broader: nobody looks after me at home
	{
		type: 'neglect',
		re: /(?:常常|经常|总是|老是|天天|每天)?吃不饱|家里(?:就|只有|只剩)我一个人|(?:家里|家)(?:没有|没)人管|没(?:有)?人(?:给我)?做饭|冰箱(?:里)?(?:总是|从来|一直)?(?:是)?(?:空的|没有吃的|没东西)|(?:生病|发烧)(?:了)?(?:好几天|几天|很久)?.{0,6}没(?:有)?人(?:管|照顾|带我)|(?:爸|妈|父母|大人|家长).{0,6}(?:好几天|几天|很多天|一个星期|一周|整夜|晚上)(?:都)?不回(?:来|家)|只能(?:自己)?(?:吃|啃|泡)?(?:饼干|泡面|方便面|零食|冷饭|剩饭)|没(?:有)?人(?:给我|帮我)(?:补|洗|做饭|买|缝|签字)|(?:天冷|冬天|下雪)(?:了)?(?:我|我们)?(?:也|都)?没(?:有)?(?:厚)?(?:衣服|棉衣|外套|被子)|家里(?:总是|经常|常常|一直|每天)没(?:有)?人[^。！？]{0,16}(?:好几个月|好几天|很久|一个月|只能)/,
		check: (c) => {
			if (/吃不饱/.test(c.match) && /食堂|餐厅|午餐|饭菜|份量|分量|同学们|很多同学|学生/.test(c.sentence) && !/家/.test(c.sentence)) return null;
			if (ABOUT_ZH.test(c.sentence)) return null;
			return 'neglect';
		}
	},
	// ---- broader: bullying by other children
	{
		type: 'bullying',
		re: /(?:拦住|拦着|围住|堵住)我|(?:把|将)(?:我的)?(?:零花钱|钱|饭卡|手机)(?:交|给|拿)出来|(?:没有|没)人(?:愿意)?(?:跟|和|同)我(?:玩|坐|说话|一起)|都不(?:愿意)?(?:跟|和|同)我(?:玩|坐|说话|一起)|(?:说|骂|叫|喊)我(?:是)?["“”「」『』]?(?:胖猪|胖子|肥猪|猪|丑八怪|笨蛋|傻子|怪物|胖子|肥猪|猪|笨蛋|傻子|臭|怪物|身上有味)|说我身上有(?:味道|臭味)|把我的(?:照片|视频|丑照).{0,12}(?:发到|发在|传到|发给)|(?:在群里|在班级群里|在网上)(?:骂|笑话|嘲笑|说)我|排挤我|故意(?:撞|绊|推|踩)我|我一哭他们就笑|(?:他们|大家|同学们?)都笑我/,
		check: (c) => {
			if (ABOUT_ZH.test(c.before) || GAME_ZH.test(c.sentence)) return null;
			return FAMILY_ZH.test(c.before) && /骂|叫|说/.test(c.match) ? 'abuse_at_home' : 'bullying';
		}
	},
	// ---- broader: leaving home
	{
		type: 'running_away',
		re: /(?:再也不|不再|永远不|再也不想|不想再)回(?:那个)?家|逃离(?:这里|这个地方)|去一个没(?:有)?人认识我的地方|(?:收拾好|收拾|打包好|准备好)(?:了)?(?:书包|行李|东西|衣服).{0,12}(?:走|离开|不回)|今天(?:晚上)?就走(?:了)?[，,]?(?:不回|再也)|(?:想|要|决定|打算|准备|就|永远|偷偷)(?:下周|明天|今晚|马上)?(?:就)?离开(?:这个)?家(?!去上学|上学|去学校)/,
		check: (c) => {
			if (ANIMAL_ZH.test(c.before.slice(-8)) || ABOUT_ZH.test(c.sentence)) return null;
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
	},
	// ---- broader wordings (second batch of the labelled set)
	{
		type: 'self_harm',
		re: /\bif I (?:just )?(?:wasn'?t|weren'?t|was not|were not) (?:here|around|alive)\b|\b(?:wasn'?t|weren'?t) here any ?more\b|\beasier if I (?:was|were|just|died|disappeared)\b|\b(?:scratch|scratching|hit|hitting|burn|burning|bite|biting|punch|punching|cut|cutting) (?:my|myself on my) (?:arms?|wrists?|legs?|skin)\b|\buntil (?:they|it) bleeds?\b|\bdon'?t want to be (?:here|around|alive) any ?more\b|\bgive up on (?:life|living)\b|\bI'?m a burden\b|\bno point (?:in )?(?:living|going on|being alive)\b|\btired of (?:living|being alive)\b|\bend it all\b|\bhate myself\b|\b(?:better|easier) if I (?:was|were) (?:dead|gone|not (?:here|alive))\b|\bif I (?:was|were) dead\b|\b(?:taking|took|take|swallow(?:ed)?) (?:more|extra|lots|a lot|all)(?: of)? [^.!?]{0,25}(?:pills|tablets|medicine)\b|\boverdos(?:e|ed|ing)\b|\bmake the (?:feelings?|pain) (?:stop|go away)\b|\b(?:hit|hitting|bang|banging) my head (?:against|on)\b|\bwrote a (?:goodbye|suicide) (?:note|letter)\b/i,
		check: (c) => (ABOUT_EN.test(c.sentence) && !/\bI\b/.test(c.before + c.match) ? null : 'self_harm')
	},
	{
		type: 'abuse_at_home',
		re: /\b(?:throws?|threw|throwing) (?:\w+ ){0,2}at me\b|\b(?:grabs?|grabbed|drags?|dragged|chokes?|choked|shakes?|shook) me\b|\bpulls? my hair\b|\b(?:hits|beats|hurts|hit|beat|hurt|slaps|kicks) (?:my (?:mum|mom|mother|little sister|little brother|sister|brother|baby brother|baby sister)|us)\b|\bmakes? me sleep (?:on the balcony|outside|in the cold|on the floor|in the corridor)\b|\block(?:s|ed)? me (?:on|out on) the balcony\b|\b(?:won'?t|doesn'?t|don'?t|didn'?t) let me eat\b|\b(?:kicks?|kicked|throws?|threw) me out(?: of the (?:house|flat))?\b|\bhit me\b|\bhits me\b|\bslapped me\b|\bpunched me\b|\bbeat me\b/i,
		check: (c) => {
			if (GAME_EN.test(c.sentence) || ABOUT_EN.test(c.sentence)) return null;
			return FAMILY_EN.test(c.sentence) ? 'abuse_at_home' : /\b(?:they|he|she|kids|boys|girls|classmates|someone|people)\b/i.test(c.before) ? 'bullying' : null;
		}
	},
	{
		type: 'sexual_abuse',
		re: /\bdoes things to me\b|\bdid things to me\b|\b(?:says|said|told me|tells me) (?:not to|to not|I must not|I can'?t) tell\b|\bsit on his lap\b|\bpictures? of my body\b|\bphotos? of my body\b|\btouch(?:es|ed)? me\b(?! on the (?:shoulder|arm|head|back))|\bcomes? into my (?:room|bed) at night\b|\b(?:asks?|asked|asking|wants?|wanted|told|tells) me to (?:come|get) (?:to|in|into) his (?:car|house|home|room|place|flat)\b|\b(?:not to|don'?t|never) tell (?:anyone|your (?:mum|mom|parents|dad))\b|\bin my bed at night\b|\b(?:video ?call|facetime|cam|call) (?:him|her|them) without (?:my )?clothes\b|\bwithout my clothes\b|\b(?:meet|meet up with|come and see) (?:him|her) alone\b/i,
		check: (c) => {
			// Grooming often starts in game chats: a game named in the sentence does not make it play.
			if (ABOUT_EN.test(c.sentence) && !/\b(?:me|my|I)\b/.test(c.sentence)) return null;
			if (/touch/i.test(c.match) && !ADULT_EN.test(c.before) && !FAMILY_EN.test(c.before) && !/\b(?:he|she)\b/i.test(c.before)) return null;
			if (/tell/i.test(c.match) && !(ADULT_EN.test(c.sentence) || FAMILY_EN.test(c.sentence) || /\b(?:he|she)\b/i.test(c.before))) return null;
			return 'sexual_abuse';
		}
	},
	{
		type: 'neglect',
		re: /\bnever (?:any|enough) food\b|\bno food in the (?:fridge|house|kitchen)\b|\b(?:fridge|cupboard)s? (?:is|are) (?:always )?empty\b|\b(?:mum|mom|dad|mother|father|parents?) (?:sleeps?|drinks?|stays? in bed|is drunk|are drunk|is asleep) all day\b|\bnobody is ever (?:at )?home\b|\bnobody (?:is )?(?:at )?home (?:for days|at night|all week)\b|\bnobody washes\b|\bnobody comes home\b|\b(?:take care of|look after) my (?:baby|little) (?:brother|sister) (?:alone|by myself|on my own)\b|\b(?:wearing|wear|wore) the same clothes for (?:a week|days|weeks)\b|\bhave to (?:look after|feed) myself\b|\bno one (?:cooks|makes (?:me )?(?:dinner|food))\b/i,
		check: (c) => (ABOUT_EN.test(c.sentence) ? null : 'neglect')
	},
	{
		type: 'bullying',
		re: /\bcorner(?:s|ed)? me\b|\b(?:without me|left me out|leave me out)\b|\bpost(?:s|ed|ing)? (?:mean|nasty|horrible|bad|rude|embarrassing) (?:things|stuff|pictures|photos|comments) (?:about|of) me\b|\bspread(?:s|ing)? rumou?rs about me\b|\b(?:won'?t|don'?t|doesn'?t) let me (?:sit|play|join)\b|\bnobody wants to (?:sit|play|be|talk) with me\b|\bpick(?:s|ing)? on me\b|\bgang(?:s|ed)? up on me\b|\bmean to me\b|\bpour(?:s|ed)? (?:water|juice|milk|paint|glue) (?:on|over|in) (?:me|my)\b|\bsay I (?:wet myself|smell|stink|am disgusting)\b|\bshove(?:s|d)? me\b|\btrip(?:s|ped)? me\b/i,
		check: (c) => {
			if (/without me/i.test(c.match) && !/\b(?:group|chat|party|parties|club|game)\b/i.test(c.sentence)) return null;
			if (ABOUT_EN.test(c.before) || (GAME_EN.test(c.sentence) && !/post|rumou?r|group chat/i.test(c.sentence))) return null;
			return FAMILY_EN.test(c.before) ? 'abuse_at_home' : 'bullying';
		}
	},
	{
		type: 'running_away',
		re: /\bleaving home(?: tonight| today| tomorrow| forever| for good)?\b|\bpacked (?:a|my) (?:bag|backpack|suitcase)\b|\bgo somewhere (?:no ?one|nobody) knows me\b|\bnever coming (?:back|home)\b|\bsleep(?:ing)? (?:on the street|outside|in the park)\b|\bI(?:'ll| will| can| could| might| am going to| want to| wanna)? run away\b|\bsav(?:e|ing) (?:money|up) (?:so I can|to) (?:run away|leave home)\b/i,
		check: (c) => {
			if (ANIMAL_EN.test(c.before) || ABOUT_EN.test(c.sentence)) return null;
			if (/packed/i.test(c.match) && !/\b(?:leav\w*|run\w*|tonight|never|go away|not coming back)\b/i.test(c.sentence)) return null;
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

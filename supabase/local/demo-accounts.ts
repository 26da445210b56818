/**
 * The demo accounts that `supabase/seed.sql` creates, as data: `npm run dev` prints them and the
 * conformance suite signs in as each. Keep this list and the seed in step.
 *
 * Children have no e-mail: their Auth identifier is a login handle under the reserved `.invalid`
 * top-level domain (`<class code>-<student number>@login-card.invalid`, lower case) and their
 * password is the secret words printed on the class login card.
 */

export interface DemoAccount {
	role: 'teacher' | 'staff' | 'admin' | 'student';
	/** The Auth e-mail (for a child, the login handle). */
	email: string;
	password: string;
	/** Who this is, for people reading the printed list. */
	description: string;
	/** A child's login card: class code + student number + secret words (= password). */
	loginCard?: { classCode: string; studentNumber: number; secretWords: string };
	/** A child's nickname, shown instead of any name. */
	nickname?: string;
	/** A child's: whether a guardian's consent is recorded (without it the child cannot send anything). */
	guardianConsent?: boolean;
}

export const DEMO_CLASS = {
	code: 'DEMO52',
	name: '五年级二班 Class 5-2',
	school: '示范小学 Demo Primary School',
	district: '示范区 Demo District'
} as const;

const children: { n: number; words: string; nickname: string; noConsent?: boolean }[] = [
	{ n: 1, words: 'panda kite river', nickname: '小熊猫' },
	{ n: 2, words: 'mango cloud tiger', nickname: '小芒果' },
	{ n: 3, words: 'lotus drum rocket', nickname: '小莲花' },
	{ n: 4, words: 'maple star ferry', nickname: '小枫叶' },
	{ n: 5, words: 'bamboo lamp comet', nickname: '小竹子' },
	// No guardian consent recorded yet: can sign in and read, cannot send anything until the teacher records it.
	{ n: 6, words: 'cedar harbor lantern', nickname: '小星星', noConsent: true }
];

/** A class of each other age band than DEMO52's (10–13), with one child each. */
export const BAND_DEMO_CLASSES = {
	'6-9': { code: 'DEMO21', studentNumber: 1, secretWords: 'sunny cherry pepper', nickname: '小兔子' },
	'14-17': { code: 'DEMO81', studentNumber: 1, secretWords: 'violet falcon willow', nickname: '小松树' }
} as const;

const BAND_DEMO_ACCOUNTS: DemoAccount[] = [
	{
		role: 'teacher',
		email: 'teacher3@demo.child-voice.test',
		password: 'demo-teacher3-2026',
		description: '黄老师 Ms Huang, teacher of DEMO21 (grade 2, age band 6–9) and DEMO81 (grade 8, 14–17, 示范中学 Demo Middle School)'
	},
	...Object.entries(BAND_DEMO_CLASSES).map(
		([band, c]): DemoAccount => ({
			role: 'student',
			email: `${c.code.toLowerCase()}-${c.studentNumber}@login-card.invalid`,
			password: c.secretWords,
			description: `child ${c.nickname}, class ${c.code} no. ${c.studentNumber} (age band ${band})`,
			guardianConsent: true,
			loginCard: { classCode: c.code, studentNumber: c.studentNumber, secretWords: c.secretWords },
			nickname: c.nickname
		})
	)
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{
		role: 'teacher',
		email: 'teacher@demo.child-voice.test',
		password: 'demo-teacher-2026',
		description: `班主任 Ms Lin, class ${DEMO_CLASS.name} (code ${DEMO_CLASS.code}), ${DEMO_CLASS.school}, ${DEMO_CLASS.district}`
	},
	{
		role: 'staff',
		email: 'staff@demo.child-voice.test',
		password: 'demo-staff-2026',
		description: `district staff, ${DEMO_CLASS.district}`
	},
	{
		role: 'admin',
		email: 'admin@demo.child-voice.test',
		password: 'demo-admin-2026',
		description: 'programme coordinator'
	},
	{
		role: 'teacher',
		email: 'counsellor@demo.child-voice.test',
		password: 'demo-counsellor-2026',
		description: `心理老师 Ms Zhou, school counsellor and safeguarding lead of ${DEMO_CLASS.school} (no class)`
	},
	{
		role: 'teacher',
		email: 'teacher2@demo.child-voice.test',
		password: 'demo-teacher2-2026',
		description: `陈老师 Mr Chen, teacher of ${DEMO_CLASS.school} with no class yet (sets one up on /teacher/classes)`
	},
	{
		role: 'staff',
		email: 'transport@demo.child-voice.test',
		password: 'demo-transport-2026',
		description: '刘科员 Mr Liu, staff of the department 区交通运输局 (District Transport Bureau): answers what is routed to it, any district'
	},
	{
		role: 'staff',
		email: 'street@demo.child-voice.test',
		password: 'demo-street-2026',
		description: '王干事 Ms Wang, staff of the street office 示范街道 (Demo Street Office): its routed items and its schools on /staff/dashboard'
	},
	...children.map(
		(c): DemoAccount => ({
			role: 'student',
			email: `${DEMO_CLASS.code.toLowerCase()}-${c.n}@login-card.invalid`,
			password: c.words,
			description: `child ${c.nickname}, class ${DEMO_CLASS.code} no. ${c.n}${c.noConsent ? ' (no guardian consent yet)' : ''}`,
			guardianConsent: !c.noConsent,
			loginCard: { classCode: DEMO_CLASS.code, studentNumber: c.n, secretWords: c.words },
			nickname: c.nickname
		})
	),
	// The other two age bands' forms (issue 9 §3; seed.sql, section "Forms for each age band").
	...BAND_DEMO_ACCOUNTS
];

/** The list as printed by `npm run dev`: one account a line. */
export function formatDemoAccounts(): string {
	const lines = DEMO_ACCOUNTS.map((a) =>
		a.loginCard
			? `  ${a.role.padEnd(8)} card ${a.loginCard.classCode} / ${a.loginCard.studentNumber} / "${a.loginCard.secretWords}"  (${a.nickname}; auth e-mail ${a.email}${a.guardianConsent === false ? '; no guardian consent yet' : ''})`
			: `  ${a.role.padEnd(8)} ${a.email} / ${a.password}  (${a.description})`
	);
	return lines.join('\n');
}

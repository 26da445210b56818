import { firstGraphemes } from '../proposals/new/compose';
import { REPORT_LIMITS } from './limits';

/**
 * The short name of a 6–9 street report, which that form does not ask for: the topic's word and
 * the start of "what is wrong" (as the 6–9 proposal's title), at most REPORT_LIMITS.title
 * graphemes, so the one server schema (./schema.ts) checks every band's post alike.
 */
export function youngReportTitle(topicWord: string, description: string): string {
	const text = description.trim().replace(/\s+/g, ' ');
	if (text === '') return '';
	const separator = /[\u3400-\u9FFF]/.test(topicWord) ? '：' : ': ';
	return firstGraphemes(`${topicWord}${separator}${text}`, REPORT_LIMITS.title);
}

import type { Reroute } from '@sveltejs/kit';
import { delocalizePathname } from '$lib/i18n/paths';

// /en/teacher and /zh-CN/teacher both render src/routes/.../teacher. (Paraglide's deLocalizeUrl
// answers the same, at the cost of new URLPatterns per request: see $lib/i18n/paths.ts.)
export const reroute: Reroute = ({ url }) => delocalizePathname(url);

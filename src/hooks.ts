import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /en/teacher and /zh-CN/teacher both render src/routes/.../teacher.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;

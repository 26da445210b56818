import { m } from '$lib/paraglide/messages';
import type { PlaceKind } from './kinds';

/** A kind's list title, what it is for, and the words of its "add" link. */
export function kindText(kind: PlaceKind): { title: string; intro: string; add: string } {
	switch (kind) {
		case 'districts':
			return { title: m.admin2_kind_districts(), intro: m.admin2_kind_districts_intro(), add: m.admin2_add_district() };
		case 'street-offices':
			return { title: m.admin2_kind_street_offices(), intro: m.admin2_kind_street_offices_intro(), add: m.admin2_add_street_office() };
		case 'communities':
			return { title: m.admin2_kind_communities(), intro: m.admin2_kind_communities_intro(), add: m.admin2_add_community() };
		case 'schools':
			return { title: m.admin2_kind_schools(), intro: m.admin2_kind_schools_intro(), add: m.admin2_add_school() };
		case 'departments':
			return { title: m.admin2_kind_departments(), intro: m.admin2_kind_departments_intro(), add: m.admin2_add_department() };
	}
}

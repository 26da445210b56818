/** One cell of a list row: plain text, or a status badge (`badge` is its CSS class, e.g. `status answered`). */
export interface ListCell {
	text: string;
	badge?: string;
}

/** One row of a list, already translated: a card on a phone, a table-like row on a wide screen. */
export interface ListItem {
	id: string;
	title: string;
	/** Where the title links to; none for rows that have no page of their own. */
	href?: string;
	/** One per column, in the order of the list's `columns`. Empty text leaves the cell out of a card. */
	cells: ListCell[];
	/** Longer text under the row (e.g. an answer's reply), kept as typed. */
	body?: string;
	/** A photo under the body (e.g. the latest progress update's): where it is served, its alt text and size. */
	photo?: { src: string; alt: string; width: number; height: number };
}

/** Longest template, in characters (save_reply_template's limit). */
export const TEMPLATE_MAX = 2000;

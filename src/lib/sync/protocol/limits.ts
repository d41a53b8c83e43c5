/**
 * Sizes both sides enforce: the browser checks them to say so early, the server to refuse.
 * One definition each so the two cannot drift apart.
 */

/** The canvas picture (PUT canvas.svg). Fonts are embedded as data: URLs, so a busy canvas is a few hundred KiB. */
export const MAX_CANVAS_SVG_BYTES = 2 * 1024 * 1024;

/** A Debrief JSON export uploaded to create a board: it carries a whole board, so more than other bodies. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** A display name (presence, attendees, note-taker); longer text is pasted prose, not a name. */
export const MAX_NAME_LENGTH = 40;

/**
 * W3 (docs/protocol.md): canvas images are data, never addresses. tldraw turns a pasted or
 * dropped image into a `data:` URL (no asset store is configured), so nothing a Debrief
 * screen writes points elsewhere; but another client can write any record, and an outside
 * address in it would make every viewer's browser fetch it (their IP and the meeting time, to
 * whoever runs that host). Records read from the document lose such addresses before tldraw
 * sees them; the page's CSP (img-src, media-src) refuses them as well.
 */

interface RecordLike {
	typeName: string;
	type?: unknown;
	props?: unknown;
}

/** A URL that carries its content itself and makes no request. */
export function isDataUrl(value: unknown): boolean {
	return typeof value === 'string' && /^data:/i.test(value.trimStart());
}

/**
 * The record with every address tldraw would load replaced by "none": an image's or video's
 * `src` becomes null, a bookmark's preview image and icon become ''. A bookmark's `src` is the
 * link itself, only followed when someone clicks it, and stays. Returns the same object when
 * there was nothing to remove.
 */
export function withoutOutsideAddresses<T extends RecordLike>(record: T): T {
	if (record.typeName !== 'asset' || !record.props || typeof record.props !== 'object') return record;
	const props = record.props as Record<string, unknown>;
	const cleared: Record<string, unknown> = {};
	const loaded = record.type === 'bookmark' ? { image: '', favicon: '' } : { src: null };
	for (const [field, none] of Object.entries(loaded)) {
		const value = props[field];
		if (value !== undefined && value !== none && !isDataUrl(value)) cleared[field] = none;
	}
	return Object.keys(cleared).length === 0 ? record : { ...record, props: { ...props, ...cleared } };
}

/** Converting between stored UTC instants and what a person types or reads. */

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO UTC instant as the value of an <input type="datetime-local"> in the viewer's zone. */
export function toLocalInputValue(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (viewer's zone) as an ISO UTC instant, or null when incomplete. */
export function fromLocalInputValue(value: string): string | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A short, readable time for lists, in the viewer's zone. */
export function formatTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

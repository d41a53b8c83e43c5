/** 4:05, 0:09, 12:00 — countdown text that stays the same width for the same magnitude. */
export function formatCountdown(ms: number): string {
	const totalSeconds = Math.ceil(Math.max(0, ms) / 1000);
	const minutes = Math.floor(totalSeconds / 60);
	const seconds = totalSeconds % 60;
	return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

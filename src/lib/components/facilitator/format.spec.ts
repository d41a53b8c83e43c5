import { describe, expect, it } from 'vitest';
import { formatCountdown } from './format.ts';

describe('formatCountdown', () => {
	it('rounds up to whole seconds so 0:00 means time is really up', () => {
		expect(formatCountdown(0)).toBe('0:00');
		expect(formatCountdown(1)).toBe('0:01');
		expect(formatCountdown(59_001)).toBe('1:00');
		expect(formatCountdown(12 * 60_000)).toBe('12:00');
		expect(formatCountdown(-5)).toBe('0:00');
	});
});

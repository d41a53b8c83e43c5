import { describe, expect, it } from 'vitest';
import { licenceKeyRequired } from './licence.ts';

describe('licenceKeyRequired (as tldraw decides development mode)', () => {
	it('is not needed on plain http, on loopback hosts or in development', () => {
		expect(licenceKeyRequired({ protocol: 'http:', hostname: 'debrief.example.com' }, false)).toBe(false);
		for (const hostname of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]']) expect(licenceKeyRequired({ protocol: 'https:', hostname }, false)).toBe(false);
		expect(licenceKeyRequired({ protocol: 'https:', hostname: 'debrief.example.com' }, true)).toBe(false);
	});

	it('is needed on https anywhere else, including *.localhost in a production build', () => {
		expect(licenceKeyRequired({ protocol: 'https:', hostname: 'debrief.example.com' }, false)).toBe(true);
		expect(licenceKeyRequired({ protocol: 'https:', hostname: 'app.localhost' }, false)).toBe(true);
		expect(licenceKeyRequired({ protocol: 'https:', hostname: '10.0.0.5' }, false)).toBe(true);
	});
});

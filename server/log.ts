/** A minimal structured logger: one JSON line per event, so operators can grep and parse. */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
	debug(message: string, extra?: Record<string, unknown>): void;
	info(message: string, extra?: Record<string, unknown>): void;
	warn(message: string, extra?: Record<string, unknown>): void;
	error(message: string, extra?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
	const threshold = LOG_LEVELS.indexOf(level);
	const log = (at: Exclude<LogLevel, 'silent'>) => (message: string, extra?: Record<string, unknown>) => {
		if (LOG_LEVELS.indexOf(at) < threshold) return;
		write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...extra }));
	};
	return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Error details worth logging, without throwing on odd values. */
export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

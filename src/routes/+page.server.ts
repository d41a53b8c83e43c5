import { fail } from '@sveltejs/kit';
import { getServerContext } from '$lib/server/context';
import { InvalidInputError } from '$lib/board/errors';
import { MAX_IMPORT_BYTES } from '$lib/sync/protocol/limits';
import type { Actions } from './$types';

const links = (origin: string, created: { id: string; links: Record<string, string> }) => ({
	id: created.id,
	links: {
		facilitator: origin + created.links.facilitator,
		participant: origin + created.links.participant,
		observer: origin + created.links.observer
	}
});

export const actions: Actions = {
	/** A Debrief JSON export becomes a new board; a bad file is answered with the reason. */
	import: async ({ request, url }) => {
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { importError: 'Choose a Debrief JSON export to import.' });
		if (file.size > MAX_IMPORT_BYTES) return fail(400, { importError: 'That file is larger than 4 MB; a Debrief export is much smaller.' });
		try {
			const created = await getServerContext().importBoard(await file.text());
			return { created: links(url.origin, created), imported: true };
		} catch (error) {
			if (error instanceof InvalidInputError) return fail(400, { importError: `This file cannot be imported: ${error.message}.` });
			throw error;
		}
	},
	create: async ({ request, url }) => {
		const data = await request.formData();
		const { boards } = getServerContext();
		try {
			const created = await boards.create({ title: data.get('title') ?? undefined, timeZone: data.get('timeZone') ?? undefined });
			return { created: links(url.origin, created) };
		} catch (error) {
			if (error instanceof InvalidInputError) return fail(400, { error: error.message });
			throw error;
		}
	}
};

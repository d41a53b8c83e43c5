import { fail } from '@sveltejs/kit';
import { getServerContext } from '$lib/server/context';
import type { Actions } from './$types';

export const actions: Actions = {
	create: async ({ request, url }) => {
		const data = await request.formData();
		const { boards } = getServerContext();
		try {
			const created = await boards.create({ title: data.get('title') ?? undefined, timeZone: data.get('timeZone') ?? undefined });
			const links = {
				facilitator: url.origin + created.links.facilitator,
				participant: url.origin + created.links.participant,
				observer: url.origin + created.links.observer
			};
			return { created: { id: created.id, links } };
		} catch (error) {
			if (error instanceof Error && error.name === 'InvalidBoardInputError') return fail(400, { error: error.message });
			throw error;
		}
	}
};

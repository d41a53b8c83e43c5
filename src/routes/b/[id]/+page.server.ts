import { error } from '@sveltejs/kit';
import { getServerContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// Links are capabilities: no caching by proxies, and the key in the fragment never leaves the browser.
	setHeaders({ 'cache-control': 'no-store' });
	if (!(await getServerContext().boards.exists(params.id))) {
		error(404, 'There is no board at this address. Check the link you were given, or create a new postmortem.');
	}
	// tldraw's licence key is public by design (it is checked in the browser); null: none configured.
	return { boardId: params.id, tldrawLicenseKey: getServerContext().tldrawLicenseKey ?? null };
};

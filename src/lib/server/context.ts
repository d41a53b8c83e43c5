// SvelteKit's server code reaches the running server's services through here.
export { getServerContext } from '../../../server/sveltekit-context.ts';

import { runAdmin } from './admin.js';
import { PROCESS_IO } from './with-database.js';

/** `npm run admin -- …`: the admin CLI (`runAdmin`) as a process. */
process.exitCode = await runAdmin(process.argv.slice(2), PROCESS_IO);

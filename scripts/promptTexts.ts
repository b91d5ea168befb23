/** Prints `id<TAB>reading` for every telephone prompt (scripts/make-prompts.sh reads it). */
import { PROMPTS } from '../server/src/phone/promptList';

for (const [id, { reading }] of Object.entries(PROMPTS)) process.stdout.write(`${id}\t${reading}\n`);

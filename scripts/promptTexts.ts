/**
 * Prints one line per telephone prompt for scripts/make-prompts.sh: `id<TAB>speech<TAB>reading` for what the
 * synthetic voice says, `id<TAB>tone<TAB>hz:seconds hz:seconds …` for a chime (sox synthesizes the notes).
 */
import { PROMPTS, TONES } from '../server/src/phone/promptList';

for (const [id, { reading }] of Object.entries(PROMPTS)) process.stdout.write(`${id}\tspeech\t${reading}\n`);
for (const [id, { notes }] of Object.entries(TONES))
  process.stdout.write(`${id}\ttone\t${notes.map((n) => `${n.hz}:${n.seconds}`).join(' ')}\n`);

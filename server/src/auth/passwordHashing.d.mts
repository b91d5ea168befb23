/** Types of passwordHashing.mjs (plain JavaScript: the password worker thread loads it without a TypeScript loader). */
export type PasswordTask = { op: 'hash'; password: string } | { op: 'verify'; password: string; stored: string };

export function hashPassword(password: string): string;
export function verifyPassword(password: string, stored: string): boolean;
export default function runPasswordTask(task: PasswordTask): string | boolean;

// No zod here: the call screens import these bounds without the schemas.
/** The bounds of live captions (issue #16): what one line may hold, how many lines every screen shows. */
export const CAPTION_LIMITS = {
  /** One typed or recognised line, in characters. */
  maxLineChars: 200,
  /** The automatic captions' words still being recognised (shown greyed until final). */
  maxInterimChars: 200,
  /** The lines every screen shows (the newest last). */
  linesShown: 3,
  /** The lines the writer's page lists, to correct a recent one. */
  linesKept: 20,
  /** A caption link works this many hours at most. */
  maxLinkHours: 24 * 14,
} as const;

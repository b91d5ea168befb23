import type { ExerciseVideo } from '@shared/program/videos';

export type VideoMimeType = ExerciseVideo['mimeType'];

const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const FTYP = Buffer.from('ftyp', 'latin1');

/** How many leading bytes `looksLikeVideo` needs. */
export const SNIFF_BYTES = 8;

/** Whether the first bytes of a file are those of its declared type: an MP4 `ftyp` box, or WebM's EBML header. */
export function looksLikeVideo(mimeType: VideoMimeType, head: Buffer): boolean {
  if (mimeType === 'video/mp4') return head.length >= 8 && head.subarray(4, 8).equals(FTYP);
  return head.length >= 4 && head.subarray(0, 4).equals(EBML_MAGIC);
}

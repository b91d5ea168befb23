/** Limits the call's requests share with the pages (no zod here, so the home page can import it cheaply). */

/** Most peers a device may list as shown (call:setVisibleVideos); a screen shows a page of 9 plus the spotlight. */
export const MAX_VISIBLE_VIDEOS = 50;

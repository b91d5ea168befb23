/** Signs and checks a file's address until `exp` (seconds): the program's video URL signer answers it. */
export interface UrlSigner {
  sign(id: string, exp: number): string;
  verify(id: string, exp: number, sig: string, now?: Date): boolean;
}

/** Letter file addresses, signed with the video URL key but never valid as a video's address (and back). */
export class LetterUrlSigner {
  constructor(private readonly base: UrlSigner) {}

  sign(letterId: string, exp: number): string {
    return this.base.sign(`letter:${letterId}`, exp);
  }

  verify(letterId: string, exp: number, sig: string, now = new Date()): boolean {
    return this.base.verify(`letter:${letterId}`, exp, sig, now);
  }
}

/** A prompt to the caller: 8 kHz PCM; `overRoom` mixes it with the room's sound, otherwise the room waits. */
export interface PromptOptions {
  overRoom?: boolean;
}

interface Prompt {
  samples: Int16Array;
  offset: number;
  overRoom: boolean;
  done: () => void;
}

/** Plays prompts to the caller one after another, in the line's chunk size. */
export class PromptPlayer {
  private readonly queue: Prompt[] = [];

  play(samples: Int16Array, options: PromptOptions = {}): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ samples, offset: 0, overRoom: options.overRoom ?? false, done: resolve });
    });
  }

  /** The next `count` samples of the prompt playing, or null when none is; `overRoom` as that prompt says. */
  read(count: number): { samples: Int16Array; overRoom: boolean } | null {
    const prompt = this.queue[0];
    if (!prompt) return null;
    const samples = new Int16Array(count);
    samples.set(prompt.samples.subarray(prompt.offset, prompt.offset + count));
    prompt.offset += count;
    if (prompt.offset >= prompt.samples.length) {
      this.queue.shift();
      prompt.done();
    }
    return { samples, overRoom: prompt.overRoom };
  }

  /** The call ended: every prompt waiting counts as done. */
  clear(): void {
    for (const prompt of this.queue.splice(0)) prompt.done();
  }
}

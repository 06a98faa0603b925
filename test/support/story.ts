import { it } from 'vitest';

/**
 * A story suite: the tests walk through a sprint in order, and each one starts from the state
 * the earlier ones leave (the prompt posted, then answered, then summarised…). Run as a file,
 * every step runs once, in order. Run alone (`vitest -t "<name>"`), a step first replays the
 * steps before it — their actions and their assertions — so it never depends on what another
 * test happened to leave behind, and a broken earlier step is named as the cause.
 *
 * Create one story per database kind (inside `describe.each`), because each kind has its own
 * emulator and database.
 */
export function story(timeoutMs = 120_000) {
  const steps: { name: string; run: () => Promise<void> }[] = [];
  /** Steps that have run (passed or failed): a step is never run twice, so nothing posts twice. */
  const ran = new Map<number, unknown>();

  async function runStep(index: number) {
    const step = steps[index] as (typeof steps)[number];
    ran.set(index, undefined);
    try {
      await step.run();
    } catch (error) {
      ran.set(index, error);
      throw error;
    }
  }

  return {
    /** Registers a test that is also a step of the story. */
    step: (name: string, run: () => Promise<void>): void => {
      const index = steps.length;
      steps.push({ name, run });
      it(name, { timeout: timeoutMs }, async () => {
        for (let earlier = 0; earlier < index; earlier++) {
          if (ran.has(earlier)) continue;
          try {
            await runStep(earlier);
          } catch (error) {
            throw new Error(`an earlier step of this story failed: "${steps[earlier]?.name}"`, { cause: error });
          }
        }
        await runStep(index);
      });
    },
  };
}

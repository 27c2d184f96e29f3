/**
 * The time-out for a test whose work is fixed but whose duration is not: it spawns the
 * CLI, or counts a whole dataset with a real tokenizer, and another job on the same cores
 * can make that take many times longer. No assertion depends on how long it takes (speed
 * is measured by `npm run bench`), so this limit is only there to end a test that hangs,
 * and is far above any run's length on a loaded machine.
 */
export const HANG = 600_000;

/** A size or count from the environment: the variable's value when it is a positive integer, else the default. */
export function positiveIntegerSetting(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

// Counted nouns for sentences: "1 time", "5 times" — never "1 times".

/** `n` and the noun in the form that count takes; `many` defaults to `one` + "s". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

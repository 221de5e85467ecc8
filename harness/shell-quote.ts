/**
 * One word for /bin/sh: left as it is when it holds only characters the shell treats as
 * plain, else in single quotes (a ' inside becomes '\''). Used for the replay command and for
 * the command target's placeholders.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:,=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

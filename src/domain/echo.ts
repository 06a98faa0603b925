/** The most of a person's own text repeated back in a reply. */
export const ECHO_MAX = 80;

/** A person's text as quoted back in a reply: whole when short, else cut with an ellipsis. */
export function shorten(text: string, max = ECHO_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

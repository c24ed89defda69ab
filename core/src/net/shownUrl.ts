/**
 * A store URL as messages and progress lines show it: a password given in the URL (`http://writer:pw@host`, how the
 * simulator and the command-line tools take credentials) is replaced by `***`, so terminals and logs never carry
 * it. Text that is not a URL is shown as it is.
 */
export function shownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password !== '') {
    parsed.password = '***';
  }
  return parsed.toString().replace(/\/$/, '');
}

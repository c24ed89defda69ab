/**
 * HTTP Basic credentials (RFC 7617): `base64(user ":" password)` of the UTF-8 bytes, what follows `Basic ` in an
 * Authorization header. Every InfluxDB 1.x reads them; the datasource keeps them encoded because Grafana's route
 * templates can insert a secret but cannot encode one.
 */
export type BasicCredentials = { ok: true; value: string } | { ok: false; problem: string };

export function basicCredentials(user: string, password: string): BasicCredentials {
  if (user === '') {
    return { ok: false, problem: 'the user is empty' };
  }
  // RFC 7617 section 2: the user-id cannot contain a colon, since the first colon ends it.
  if (user.includes(':')) {
    return { ok: false, problem: `the user "${user}" contains ":", which Basic authentication cannot carry` };
  }
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return { ok: true, value: btoa(binary) };
}

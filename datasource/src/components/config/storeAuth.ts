/**
 * How the settings page reads a store's authentication from the datasource settings: the method jsonData names
 * (`itAuth` / `otAuth`, as provisioning files and docs/datasource.md spell them), and the secrets Grafana still
 * holds that this method does not use. The data proxy routes send a stored credential whatever the method, so a
 * leftover credential behind `none` is still sent with each query; the page says so instead of hiding it. A
 * password saved alone by an older version is no longer sent at all; the page asks for it again.
 */
import { AUTH_METHODS, type AuthMethod, type ConduitSecureJsonData } from '../../types';

/** Other spellings a hand-written provisioning file may use; Grafana's own datasources say `basic`. */
const ALIASES: Readonly<Record<string, AuthMethod>> = { basic: 'password', basicauth: 'password' };

export type StoreAuth = { ok: true; method: AuthMethod } | { ok: false; problem: string };

function isAuthMethod(value: string): value is AuthMethod {
  return (AUTH_METHODS as readonly string[]).includes(value);
}

/** The method `jsonData[key]` names; an absent or empty value is `none`, anything unknown a problem naming the key. */
export function storeAuth(key: string, value: unknown): StoreAuth {
  if (value === undefined || value === null) {
    return { ok: true, method: 'none' };
  }
  if (typeof value !== 'string') {
    return { ok: false, problem: `${key} is ${JSON.stringify(value)}; it must be one of ${AUTH_METHODS.join(', ')}` };
  }
  const word = value.trim().toLowerCase();
  if (word === '') {
    return { ok: true, method: 'none' };
  }
  const method = isAuthMethod(word) ? word : ALIASES[word];
  return method === undefined
    ? { ok: false, problem: `${key} is "${value}", which is not one of ${AUTH_METHODS.join(', ')}` }
    : { ok: true, method };
}

export interface SecretKeys {
  /** `base64(user:password)`, sent as `Authorization: Basic`. */
  basicAuth: keyof ConduitSecureJsonData;
  token: keyof ConduitSecureJsonData;
  /** The password alone, as older versions kept it; never sent now. */
  legacyPassword: keyof ConduitSecureJsonData;
}

/** The stored secrets of one store that `method` does not use and the data proxy still sends. */
export function unusedSecrets(
  method: AuthMethod | undefined,
  keys: SecretKeys,
  secureJsonFields: Readonly<Record<string, boolean>>
): Array<keyof ConduitSecureJsonData> {
  const used = method === 'password' ? keys.basicAuth : method === 'token' ? keys.token : undefined;
  return [keys.basicAuth, keys.token].filter((key) => key !== used && secureJsonFields[key] === true);
}

/** Whether Grafana holds a password saved by an older version, which no route sends any more. */
export function hasLegacyPassword(keys: SecretKeys, secureJsonFields: Readonly<Record<string, boolean>>): boolean {
  return secureJsonFields[keys.legacyPassword] === true;
}

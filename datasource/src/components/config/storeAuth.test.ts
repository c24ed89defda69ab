import { hasLegacyPassword, storeAuth, unusedSecrets } from './storeAuth';

const IT_SECRETS = { basicAuth: 'itBasicAuth', token: 'itToken', legacyPassword: 'itPassword' } as const;

describe('storeAuth', () => {
  it('reads each documented method as it is written', () => {
    expect(['none', 'password', 'token'].map((value) => storeAuth('itAuth', value))).toEqual([
      { ok: true, method: 'none' },
      { ok: true, method: 'password' },
      { ok: true, method: 'token' },
    ]);
  });

  it('reads an absent or empty method as none', () => {
    expect(storeAuth('otAuth', undefined)).toEqual({ ok: true, method: 'none' });
    expect(storeAuth('otAuth', null)).toEqual({ ok: true, method: 'none' });
    expect(storeAuth('otAuth', ' ')).toEqual({ ok: true, method: 'none' });
  });

  it('reads basic, in any case, as user and password', () => {
    expect(storeAuth('itAuth', 'basic')).toEqual({ ok: true, method: 'password' });
    expect(storeAuth('itAuth', ' Password ')).toEqual({ ok: true, method: 'password' });
    expect(storeAuth('itAuth', 'NONE')).toEqual({ ok: true, method: 'none' });
  });

  it('names the key and the value of a method it does not know', () => {
    expect(storeAuth('otAuth', 'ldap')).toEqual({
      ok: false,
      problem: 'otAuth is "ldap", which is not one of none, password, token',
    });
    expect(storeAuth('itAuth', true)).toEqual({
      ok: false,
      problem: 'itAuth is true; it must be one of none, password, token',
    });
  });
});

describe('unusedSecrets', () => {
  it('lists stored basic credentials and a token behind none', () => {
    expect(unusedSecrets('none', IT_SECRETS, { itBasicAuth: true, itToken: true })).toEqual(['itBasicAuth', 'itToken']);
  });

  it('lists the other method’s secret, never the one in use', () => {
    expect(unusedSecrets('token', IT_SECRETS, { itBasicAuth: true, itToken: true })).toEqual(['itBasicAuth']);
    expect(unusedSecrets('password', IT_SECRETS, { itBasicAuth: true, itToken: false })).toEqual([]);
  });

  it('lists nothing when no secret is stored, and never the old password, which no route sends', () => {
    expect(unusedSecrets('none', IT_SECRETS, {})).toEqual([]);
    expect(unusedSecrets('none', IT_SECRETS, { itPassword: true })).toEqual([]);
  });
});

describe('hasLegacyPassword', () => {
  it('finds a password saved alone by an older version', () => {
    expect(hasLegacyPassword(IT_SECRETS, { itPassword: true })).toBe(true);
    expect(hasLegacyPassword(IT_SECRETS, { itBasicAuth: true, itPassword: false })).toBe(false);
  });
});

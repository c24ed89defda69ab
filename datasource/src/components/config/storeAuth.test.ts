import { storeAuth, unusedSecrets } from './storeAuth';

const IT_SECRETS = { password: 'itPassword', token: 'itToken' } as const;

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
  it('lists a stored password and token behind none', () => {
    expect(unusedSecrets('none', IT_SECRETS, { itPassword: true, itToken: true })).toEqual(['itPassword', 'itToken']);
  });

  it('lists the other method’s secret, never the one in use', () => {
    expect(unusedSecrets('token', IT_SECRETS, { itPassword: true, itToken: true })).toEqual(['itPassword']);
    expect(unusedSecrets('password', IT_SECRETS, { itPassword: true, itToken: false })).toEqual([]);
  });

  it('lists nothing when no secret is stored', () => {
    expect(unusedSecrets('none', IT_SECRETS, {})).toEqual([]);
  });
});

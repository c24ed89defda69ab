import { basicCredentials } from './basicCredentials';

describe('basicCredentials', () => {
  it('encodes user:password in base64, as RFC 7617 shows it', () => {
    expect(basicCredentials('Aladdin', 'open sesame')).toEqual({ ok: true, value: 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
  });

  it('encodes the UTF-8 bytes of a password outside ASCII', () => {
    const encoded = basicCredentials('grafana', 'pässwörd€');
    expect(encoded.ok && Buffer.from(encoded.value, 'base64').toString('utf8')).toBe('grafana:pässwörd€');
  });

  it('keeps colons in the password, where only the first colon of the pair ends the user', () => {
    const encoded = basicCredentials('reader', 'a:b:c');
    expect(encoded.ok && Buffer.from(encoded.value, 'base64').toString('utf8')).toBe('reader:a:b:c');
  });

  it('refuses a user with a colon and an empty user, naming why', () => {
    expect(basicCredentials('domain:reader', 'x')).toEqual({
      ok: false,
      problem: 'the user "domain:reader" contains ":", which Basic authentication cannot carry',
    });
    expect(basicCredentials('', 'x')).toEqual({ ok: false, problem: 'the user is empty' });
  });
});

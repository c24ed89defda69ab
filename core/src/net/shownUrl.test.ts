import { shownUrl } from './shownUrl';

describe('shownUrl', () => {
  it('hides the password of a URL and keeps the user, host, port and path', () => {
    expect(shownUrl('http://conduit_writer:s3cr%40t@influx.example:8086/prefix')).toBe(
      'http://conduit_writer:***@influx.example:8086/prefix'
    );
  });

  it('shows a URL without a password as it is, without a lone trailing slash', () => {
    expect(shownUrl('http://influxdb-ot:8086/')).toBe('http://influxdb-ot:8086');
    expect(shownUrl('https://reader@influx.example')).toBe('https://reader@influx.example');
  });

  it('shows text that is not a URL unchanged', () => {
    expect(shownUrl('influxdb-ot:8086 and more')).toBe('influxdb-ot:8086 and more');
  });
});

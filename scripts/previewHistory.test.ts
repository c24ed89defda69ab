import { dashboardRangeQuery, DEFAULT_HISTORY, historyWords, parseHistory } from './previewHistory';

describe('the preview history (--history)', () => {
  it('is an hour unless asked for more, and the dashboards then keep their own range', () => {
    const history = parseHistory(DEFAULT_HISTORY);

    expect(history).toEqual({ text: '1h', ms: 3_600_000 });
    expect(dashboardRangeQuery(history)).toBe('');
    expect(historyWords(history)).toBe('an hour');
  });

  it('takes a day, which the dashboards then open on whole', () => {
    const history = parseHistory('24h');

    expect(history.ms).toBe(86_400_000);
    expect(dashboardRangeQuery(history)).toBe('?from=now-24h&to=now');
    expect(historyWords(history)).toBe('24h');
  });

  it('takes minutes and days as the simulator does', () => {
    expect(parseHistory('90m').ms).toBe(5_400_000);
    expect(parseHistory('2d').ms).toBe(172_800_000);
  });

  it.each(['24', 'day', '-1h', '0h', '', '1h30m'])('refuses %p, naming the flag and the forms it takes', (text) => {
    expect(() => parseHistory(text)).toThrow(`--history must be a duration such as 30m, 24h or 2d, not "${text}"`);
  });
});

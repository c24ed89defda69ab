import { startSilentServer } from '../../test/helpers/silentServer';
import { createInfluxStore, StoreError } from './influxStore';

describe('a store that does not answer', () => {
  it('fails the request after the timeout given, naming the store and the wait', async () => {
    const silent = await startSilentServer();
    try {
      const store = createInfluxStore('OT store', silent.url, 'conduit_ot', 300);
      const failure = store.query('SELECT count("bytes_out") FROM "flow"').catch((error: unknown) => error);
      await expect(failure).resolves.toBeInstanceOf(StoreError);
      await expect(failure).resolves.toHaveProperty(
        'message',
        `the OT store at ${silent.url} gave no answer within 0.3 s`
      );
    } finally {
      await silent.close();
    }
  });

  it('says the store cannot be reached when nothing listens', async () => {
    const silent = await startSilentServer();
    await silent.close();
    const store = createInfluxStore('IT store', silent.url, 'conduit_it', 300);
    await expect(store.write('flow bytes_out=1i 1')).rejects.toThrow(
      `cannot reach the IT store at ${silent.url}: ECONNREFUSED`
    );
  });
});

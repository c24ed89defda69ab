import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nothing listened on a moment ago: the kernel picks it for a throwaway
 * listener, which is then closed. Another process may take it before the caller does, so callers that
 * start servers on it retry on "address already in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a loopback listener'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

/**
 * An http URL on loopback where nothing listens, for tests of a store that is down: connecting to it
 * is refused at once instead of hanging.
 */
export async function freeLoopbackUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

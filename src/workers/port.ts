/** A free TCP port per worker, so dev servers started by parallel agents don't clash. */
import { createServer } from 'node:net';

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * A port the kernel reports free now and that no other live worker holds.
 * It is not reserved: a process could take it before the agent binds it, as
 * with any "find a free port" scheme; distinct per worker is what matters.
 */
export async function freePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await ephemeralPort();
    if (!taken.has(port)) return port;
  }
  throw new Error('could not find a free TCP port');
}

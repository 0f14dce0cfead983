/**
 * `weft dashboard`: a small read-only web server (hono on @hono/node-server)
 * serving a live page of the repository's runs. The page updates over
 * Server-Sent Events as journals grow; nothing polls the files.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { UsageError } from '../errors.js';
import { renderReportHtml } from '../report/html/render-report.js';
import { checkHost, newToken, tokenMatches, urlHost } from './access.js';
import { type HubClient, SessionHub, type SessionUpdate } from './hub.js';
import { renderPage } from './page.js';

export interface DashboardOptions {
  /** Top of the repository's main worktree (where `.weft/` is). */
  repoTop: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Needed to listen on anything but loopback. */
  allowRemote?: boolean;
  /** Default: a new random token. */
  token?: string;
  /** Sessions followed, newest first (default 20). */
  maxSessions?: number;
}

export interface Dashboard {
  /** The URL to open, token included. */
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  checkHost(host, options.allowRemote === true);
  const token = options.token ?? newToken();
  const hub = new SessionHub(options.repoTop, token, options.maxSessions);
  await hub.start();
  const app = buildApp(hub, token);
  let server: ReturnType<typeof serve>;
  let port: number;
  try {
    ({ server, port } = await listen(app, host, options.port ?? 0));
  } catch (err) {
    hub.close();
    throw err;
  }
  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    host,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        const http = server as { closeAllConnections?: () => void };
        server.close(() => resolve());
        http.closeAllConnections?.(); // open event streams would keep close() waiting forever
      }),
  };
}

function buildApp(hub: SessionHub, token: string): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    for (const [k, v] of Object.entries(HEADERS)) c.header(k, v);
    if (!tokenMatches(token, c.req.query('token'))) {
      return c.text('weft dashboard: this page needs the token from the URL `weft dashboard` printed\n', 403);
    }
    await next();
  });
  app.get('/', async (c) => {
    const updates = await hub.snapshot();
    return c.html(
      renderPage({
        repoTop: hub.repoTop,
        panels: updates.filter((u) => u.active).map((u) => u.html),
        rows: updates.filter((u) => !u.active).map((u) => u.html),
      }),
    );
  });
  app.get('/sessions/:runId/report', (c) => {
    const feed = hub.feeds.get(c.req.param('runId'));
    if (!feed) return c.text('no such run\n', 404);
    return c.html(renderReportHtml(feed.fold.model({ runId: feed.runId })));
  });
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const client = new StreamClient((u) => stream.writeSSE({ event: 'session', data: JSON.stringify(u) }));
      const remove = hub.addClient(client);
      for (const u of await hub.snapshot()) client.send(u);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      remove();
    }),
  );
  return app;
}

/** One browser's stream: writes one at a time; while one is in flight, only the newest update per session waits. */
class StreamClient implements HubClient {
  private readonly waiting = new Map<string, SessionUpdate>();
  private writing = false;

  constructor(private readonly write: (u: SessionUpdate) => Promise<void>) {}

  send(update: SessionUpdate): void {
    this.waiting.delete(update.dom);
    this.waiting.set(update.dom, update);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.size > 0) {
        const [dom, u] = this.waiting.entries().next().value as [string, SessionUpdate];
        this.waiting.delete(dom);
        await this.write(u);
      }
    } catch {
      this.waiting.clear(); // the browser went away
    } finally {
      this.writing = false;
    }
  }
}

function listen(
  app: Hono,
  host: string,
  port: number,
): Promise<{ server: ReturnType<typeof serve>; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} is already in use (--port 0 picks a free one)`
          : err.code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine`
            : err.message;
      reject(new UsageError(`cannot start the dashboard on ${host}:${port}: ${why}`, { cause: err }));
    });
  });
}

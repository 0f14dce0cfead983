/**
 * Who may look: the dashboard listens on loopback unless told otherwise, and
 * every request must carry the random token from the URL it printed (another
 * local user, or a web page doing DNS rebinding, cannot guess it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Refuses a non-loopback host unless remote access was asked for explicitly. */
export function checkHost(host: string, allowRemote: boolean): void {
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  if (!isLoopback(host) && !allowRemote) {
    throw new UsageError(`refusing to listen on ${host}: the dashboard shows your runs' logs`, {
      details: [
        'it listens on 127.0.0.1 by default; to let other machines connect, pass --allow-remote as well',
        '(anyone who can reach the port still needs the token in the printed URL)',
      ],
    });
  }
}

/** URL host part: IPv6 in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

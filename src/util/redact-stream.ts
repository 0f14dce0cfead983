/**
 * Redaction of a byte stream written to a log: a secret may arrive split
 * across chunks, so the last `longest - 1` characters wait for the next chunk
 * (or the end) before they are written.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Redactor } from './redact.js';

export class RedactingStream {
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly redactor: Redactor) {}

  /** The redacted text that can be written now. */
  write(chunk: Buffer | string): string {
    const text = this.carry + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    if (!this.redactor.active) {
      this.carry = '';
      return text;
    }
    let cut = Math.max(0, text.length - (this.redactor.longest - 1));
    // Never cut through a secret that is already complete.
    for (const [start, end] of this.redactor.matches(text)) if (start < cut && end > cut) cut = end;
    this.carry = text.slice(cut);
    return this.redactor.redact(text.slice(0, cut));
  }

  /** Whatever is left, redacted. */
  end(): string {
    const rest = this.carry + this.decoder.end();
    this.carry = '';
    return this.redactor.redact(rest);
  }
}

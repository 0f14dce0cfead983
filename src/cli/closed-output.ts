/**
 * A reader that goes away (`weft status | head -1`, a closed terminal) is not
 * an error of weft's: node would throw EPIPE from a stream 'error' event and
 * die with a stack trace, in the middle of a run. Instead the stream falls
 * silent and the command goes on: a short command finishes with its own exit
 * code, a run goes on to its end (its journal and session folder have
 * everything; `weft status` and `weft report` show it).
 */
export function silenceOnClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    stream.write = (() => true) as typeof stream.write;
  });
}

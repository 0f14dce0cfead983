// Preloaded (NODE_OPTIONS=--require) into weft by the disk-full case: with a file-size limit, a write
// past it must fail with EFBIG — as on a full disk — instead of SIGXFSZ killing the process.
process.on('SIGXFSZ', () => {});

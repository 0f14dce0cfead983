// Preloaded with `node --require` by benchmarks: writes the process's peak RSS (KB) to WEFT_RSS_FILE at exit.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.WEFT_RSS_FILE)
    writeFileSync(process.env.WEFT_RSS_FILE, String(process.resourceUsage().maxRSS));
});

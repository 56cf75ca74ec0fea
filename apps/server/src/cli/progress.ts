/** A one-line progress bar on stderr (a plain line per 10 % when stderr is not a terminal). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastTenth = -1;
  return {
    update(done: number, total: number) {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} ${secs}s`,
        );
      } else {
        const tenth = Math.floor(ratio * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${label}: ${(ratio * 100).toFixed(0)}% (${done}/${total}, ${secs}s)\n`);
        }
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

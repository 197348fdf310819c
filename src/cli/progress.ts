/**
 * Progress on stderr: a bar (records, MB/s, ETA from the input size) when stderr is a terminal,
 * nothing on a pipe or file, so logs stay clean. cli-progress draws the bar; it is maintained,
 * dependency-light and handles terminal width.
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../engine/run.js';

export interface ProgressView {
  update(progress: RunProgress): void;
  stop(): void;
}

/** Returns a progress view: a bar on a TTY, else a no-op. */
export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (!stream.isTTY) return { update() {}, stop() {} };

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        ' {bar} {percentage}% | pass {pass}/{passes} | {records} records | {mbps} MB/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastPass = 0;

  return {
    update(progress) {
      const total = progress.totalBytes ?? 0;
      const payload = {
        pass: progress.pass,
        passes: progress.passes,
        records: progress.recordsIn,
        mbps: (progress.bytesRead / 1e6 / Math.max(progress.elapsedMs / 1000, 1e-3)).toFixed(1),
      };
      if (!started || progress.pass !== lastPass) {
        if (started) bar.stop();
        bar.start(Math.max(total, 1), 0, payload);
        started = true;
        lastPass = progress.pass;
      }
      bar.update(Math.min(progress.bytesRead, Math.max(total, 1)), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

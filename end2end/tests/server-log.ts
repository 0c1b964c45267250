import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The e2e server's log: its stdout, warnings and errors only (`RUST_LOG=warn`), written to a
 *  file of the run (`E2E_SERVER_LOG`, see playwright.config.ts). A browser only sees that an
 *  answer was refused; the server's warning says why (e.g. "cross-site request refused"). */
const file = process.env.E2E_SERVER_LOG;

function size(): number {
  try {
    return file ? statSync(file).size : 0;
  } catch {
    return 0;
  }
}

/** What the server logs from now on (both workers' tests share the server, so lines of the test
 *  running beside this one are in it too). */
export class ServerLog {
  private readonly from = size();

  /** The lines logged since this was made (plain text: the server runs with `NO_COLOR`). */
  text(): string {
    if (!file) return '(no server log: E2E_SERVER_LOG is not set)';
    const to = size();
    if (to <= this.from) return '(the server logged nothing)';
    const buf = Buffer.alloc(to - this.from);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, buf.length, this.from);
    } finally {
      closeSync(fd);
    }
    return buf.toString('utf8').trimEnd();
  }
}

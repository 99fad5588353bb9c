// What an interrupted run left behind, finished or undone by the next writer (under the lock), and
// said in one line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyJournal, discardJournal, endJournal, readJournal } from './journal.ts';
import { JOURNAL, STAGE, showPath } from './outputPaths.ts';
import { fsFailure } from './writeError.ts';

/** Recovers `out`; returns the line to print, or undefined when there was nothing to recover. */
export function recoverOutput(out: string, cwd: string, stalePid?: number): string | undefined {
  const shown = showPath(cwd, out, true);
  const journal = readJournal(out, cwd);
  const pid = journal?.pid ?? stalePid;
  const who = `an interrupted run${pid ? ` (pid ${pid})` : ''}`;
  try {
    if (journal?.state === 'committed') {
      const { written, removed } = applyJournal(out, journal);
      return `appgear-charts: recovered ${shown}: ${who} had committed its output; finished publishing it (${written} files moved into place, ${removed} removed)`;
    }
    if (journal?.state === 'staging') {
      discardJournal(out, journal);
      return `appgear-charts: recovered ${shown}: ${who} stopped before its commit point; removed its ${journal.write.length} staged files, the previous output was intact`;
    }
    if (existsSync(join(out, STAGE)) || existsSync(join(out, `${JOURNAL}.tmp`))) {
      endJournal(out);
      return `appgear-charts: recovered ${shown}: removed the leftovers of ${who}; the output was complete`;
    }
  } catch (err) {
    throw fsFailure(`recover ${shown} from ${who}`, err, 'fix that and run again');
  }
  return stalePid ? `appgear-charts: recovered ${shown}: took over the lock of ${who}; nothing was half-written` : undefined;
}

// External tools the tests drive as real peers (python3, swaks, opendkim…). A missing tool
// fails the test under CI=true and skips it elsewhere, with the reason shown.
import { spawnSync } from 'node:child_process';

/** Returns false when `command` is on PATH; otherwise a skip reason (or throws under CI). */
export function missingTool(command: string): string | false {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (found) return false;
  const reason = `${command} is not installed (bash scripts/install-test-deps.sh)`;
  if (process.env['CI'] === 'true') throw new Error(reason);
  return reason;
}

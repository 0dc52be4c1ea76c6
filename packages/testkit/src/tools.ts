// External tools the tests drive as real peers (python3, swaks, opendkim…). A missing tool
// fails the test under CI=true and skips it elsewhere, with the reason shown.
import { spawn, spawnSync } from 'node:child_process';

/** Returns false when `command` is on PATH; otherwise a skip reason (or throws under CI). */
export function missingTool(command: string): string | false {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (found) return false;
  const reason = `${command} is not installed (bash scripts/install-test-deps.sh)`;
  if (process.env['CI'] === 'true') throw new Error(reason);
  return reason;
}

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an external client (python3, swaks, mbsync…) without blocking the event loop: the
 * server under test usually lives in the same process. `input` goes to its standard input.
 */
export function runTool(command: string, args: readonly string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

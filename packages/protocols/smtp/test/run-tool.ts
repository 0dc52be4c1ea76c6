// Runs an external client (swaks, python3) without blocking the event loop the server lives on.
import { spawn } from 'node:child_process';

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

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

/** swaks against 127.0.0.1:port; returns the transcript. */
export async function swaks(port: number, args: readonly string[]): Promise<string> {
  const result = await runTool('swaks', ['--server', `127.0.0.1:${port}`, '--timeout', '20', ...args]);
  return result.stdout + result.stderr;
}

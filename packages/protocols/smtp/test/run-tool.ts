// swaks against a test listener, through the shared non-blocking tool runner.
import { runTool } from '@chasqui/testkit';

/** swaks against 127.0.0.1:port; returns the transcript. */
export async function swaks(port: number, args: readonly string[]): Promise<string> {
  const result = await runTool('swaks', ['--server', `127.0.0.1:${port}`, '--timeout', '20', ...args]);
  return result.stdout + result.stderr;
}

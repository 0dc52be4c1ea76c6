// CLI failures that are the caller's fault: printed as one line, exit code 2.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

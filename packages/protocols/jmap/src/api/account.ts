// The directory's account record, named without importing the store (protocols may not).
import type { DirectoryService } from '@chasqui/directory';

export type Account = Awaited<ReturnType<DirectoryService['authenticate']>>;

// Server-wide named values, shared by every node of a cluster (secrets such as the SRS key).

export interface SettingsRepository {
  get(name: string): Promise<string | null>;
  /** Stores `create()` under `name` unless a value is there; returns the value that won. */
  getOrCreate(name: string, create: () => string): Promise<string>;
  set(name: string, value: string): Promise<void>;
}

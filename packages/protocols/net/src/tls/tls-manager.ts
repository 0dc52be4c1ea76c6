// TLS for every listener (RFC 6066 SNI): PEM pairs chosen by host name, reloaded when their
// files change (a bad new file keeps the old certificate), and in development a self-signed
// certificate generated once into the data directory.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  unwatchFile,
  watch,
  watchFile,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext, type SecureContext, type Server as TlsServer } from 'node:tls';
import { generate } from 'selfsigned';
import type { Logger } from '@chasqui/core';
import { hostNameMatches, readCertificateInfo, type CertificateInfo } from './certificate-info.js';

export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

interface LoadedCertificate {
  readonly files: CertificateFiles;
  readonly info: CertificateInfo;
  readonly context: SecureContext;
  readonly certPem: string;
  readonly keyPem: string;
}

function loadCertificate(files: CertificateFiles): LoadedCertificate {
  const cert = readFileSync(files.cert, 'utf8');
  const key = readFileSync(files.key, 'utf8');
  // createSecureContext checks that the key matches the certificate.
  const context = createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
  return { files, info: readCertificateInfo(cert), context, certPem: cert, keyPem: key };
}

/** TLS for a socket upgraded in place (STARTTLS, STLS): a shared context plus SNI selection. */
export interface UpgradeTlsOptions {
  readonly secureContext: SecureContext;
  readonly SNICallback: (name: string, done: (error: Error | null, context?: SecureContext) => void) => void;
}

export class TlsManager {
  private certificates: LoadedCertificate[];
  private readonly servers = new Set<TlsServer>();
  /** One SNI callback for every server and upgrade (not a closure per connection). */
  private readonly selectBySni: UpgradeTlsOptions['SNICallback'] = (name, done) => {
    done(null, this.contextFor(name));
  };

  private constructor(
    certificates: LoadedCertificate[],
    private readonly logger: Logger,
  ) {
    this.certificates = certificates;
  }

  /** Loads the configured pairs; throws naming the first unreadable or invalid file. */
  static fromFiles(pairs: readonly CertificateFiles[], logger: Logger): TlsManager {
    if (pairs.length === 0) throw new Error('no TLS certificate configured');
    return new TlsManager(
      pairs.map((files) => {
        try {
          return loadCertificate(files);
        } catch (error) {
          throw new Error(`TLS certificate ${files.cert}: ${(error as Error).message}`, { cause: error });
        }
      }),
      logger,
    );
  }

  /** A self-signed certificate for `hostName` under `dir`, generated on first use. */
  static async selfSigned(dir: string, hostName: string, logger: Logger): Promise<TlsManager> {
    const files = { cert: join(dir, 'self-signed.crt'), key: join(dir, 'self-signed.key') };
    if (!existsSync(files.cert) || !existsSync(files.key)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const pems = await generate([{ name: 'commonName', value: hostName }], {
        keySize: 2048,
        algorithm: 'sha256',
        notAfterDate: new Date(Date.now() + 825 * 86_400_000),
        extensions: [
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: hostName },
              { type: 2, value: 'localhost' },
            ],
          },
        ],
      });
      writeFileSync(files.key, pems.private, { mode: 0o600 });
      writeFileSync(files.cert, pems.cert, { mode: 0o644 });
      logger.info({ cert: files.cert }, 'tls.self_signed_generated');
    }
    return TlsManager.fromFiles([files], logger);
  }

  /** The certificate for a host name: exact or wildcard match, else the first configured. */
  contextFor(hostName: string | undefined): SecureContext {
    const [first] = this.certificates;
    if (!first) throw new Error('no TLS certificate loaded');
    if (hostName === undefined) return first.context;
    const match = this.certificates.find((c) =>
      c.info.hostNames.some((pattern) => hostNameMatches(pattern, hostName)),
    );
    return (match ?? first).context;
  }

  /**
   * Options for `tls.createServer`/`https.createServer`: the default pair (clients without SNI;
   * Node ignores a `secureContext` option on servers) plus SNI selection. Call `attach(server)`
   * so reloads reach the default pair too.
   */
  serverOptions(): {
    cert: string;
    key: string;
    SNICallback: (name: string, done: (error: Error | null, context?: SecureContext) => void) => void;
  } {
    const fallback = this.defaultCertificate();
    return {
      cert: fallback.certPem,
      key: fallback.keyPem,
      SNICallback: this.selectBySni,
    };
  }

  /**
   * Options for `new TLSSocket(socket, { isServer: true, ...})` on STARTTLS: the current default
   * context, shared by every handshake. Passing `cert`/`key` instead would build (and keep) a
   * whole OpenSSL context per connection: CPU at each upgrade and memory for the session's life.
   */
  upgradeOptions(): UpgradeTlsOptions {
    return {
      secureContext: this.defaultCertificate().context,
      SNICallback: this.selectBySni,
    };
  }

  /** Keeps `server`'s default pair in step with reloads. */
  attach(server: TlsServer): void {
    this.servers.add(server);
    server.once('close', () => this.servers.delete(server));
  }

  private defaultCertificate(): LoadedCertificate {
    const [first] = this.certificates;
    if (!first) throw new Error('no TLS certificate loaded');
    return first;
  }

  /** Certificates as loaded now, for `doctor` and /health. */
  describe(): { cert: string; hostNames: readonly string[]; validTo: Date }[] {
    return this.certificates.map((c) => ({
      cert: c.files.cert,
      hostNames: c.info.hostNames,
      validTo: c.info.validTo,
    }));
  }

  /** Reloads every pair from disk; a pair that fails keeps its previous certificate. */
  reload(): void {
    this.certificates = this.certificates.map((current) => {
      try {
        return loadCertificate(current.files);
      } catch (error) {
        this.logger.error({ cert: current.files.cert, error: (error as Error).message }, 'tls.reload_failed');
        return current;
      }
    });
    const fallback = this.defaultCertificate();
    for (const server of this.servers)
      server.setSecureContext({ cert: fallback.certPem, key: fallback.keyPem });
  }

  /**
   * Reloads when the files change: fs.watch on their directories (renames by certbot replace the
   * inode, so a file watch would go deaf) plus polling for file systems where events are lost.
   * `onReload` runs after each reload (tests wait on it). Returns a function that stops watching.
   */
  watch(intervalMs = 5000, onReload: () => void = () => undefined): () => void {
    const paths = this.certificates.flatMap((c) => [resolve(c.files.cert), resolve(c.files.key)]);
    let settle: NodeJS.Timeout | undefined;
    // One replacement fires several events (key, then cert): reload once they settle.
    const onChange = () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        this.reload();
        onReload();
      }, 50);
      settle.unref();
    };
    const watchers: FSWatcher[] = [];
    for (const directory of new Set(paths.map((path) => dirname(path)))) {
      try {
        const watcher = watch(directory, { persistent: false }, (_event, name) => {
          if (name === null || paths.includes(join(directory, name))) onChange();
        });
        watcher.on('error', () => undefined);
        watchers.push(watcher);
      } catch (error) {
        this.logger.warn({ directory, error: (error as Error).message }, 'tls.watch_unavailable');
      }
    }
    for (const path of paths) watchFile(path, { interval: intervalMs, persistent: false }, onChange);
    return () => {
      clearTimeout(settle);
      for (const watcher of watchers) watcher.close();
      for (const path of paths) unwatchFile(path, onChange);
    };
  }
}

// What Chasqui needs to know of a PEM certificate: its host names (SAN, then CN) and validity.
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  readonly hostNames: readonly string[];
  readonly validTo: Date;
  readonly fingerprint256: string;
}

/** Reads host names and expiry; throws on anything that is not a PEM certificate. */
export function readCertificateInfo(pem: string): CertificateInfo {
  const certificate = new X509Certificate(pem);
  const sanNames = (certificate.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  const commonName = /CN=([^\n,]+)/.exec(certificate.subject)?.[1]?.toLowerCase();
  const hostNames = sanNames.length > 0 ? sanNames : commonName ? [commonName] : [];
  return { hostNames, validTo: new Date(certificate.validTo), fingerprint256: certificate.fingerprint256 };
}

/** True when `pattern` (exact or `*.example.test`) covers `hostName`. */
export function hostNameMatches(pattern: string, hostName: string): boolean {
  const host = hostName.toLowerCase();
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
}

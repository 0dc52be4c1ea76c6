// Network plumbing shared by every protocol listener.
export { TlsManager, type CertificateFiles } from './tls/tls-manager.js';
export { readCertificateInfo, hostNameMatches, type CertificateInfo } from './tls/certificate-info.js';

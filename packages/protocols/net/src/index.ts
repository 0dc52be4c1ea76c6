// Network plumbing shared by every protocol listener.
export { TlsManager, type CertificateFiles, type UpgradeTlsOptions } from './tls/tls-manager.js';
export { acceptServerTls, awaitHandshake, wrapServerTls } from './tls/server-tls.js';
export { watchDeadline, unwatchDeadline, type Expirable } from './deadlines.js';
export { readCertificateInfo, hostNameMatches, type CertificateInfo } from './tls/certificate-info.js';
export {
  ListenerRegistry,
  createServerListener,
  type Listener,
  type ListenerState,
  type ListenerStatus,
  type TlsMode,
} from './listener-registry.js';
export {
  parseProxyHeader,
  readProxyHeader,
  toV1Line,
  isTrustedPeer,
  ProxyHeaderError,
  type ProxyHeader,
  type ProxiedAddress,
} from './proxy-protocol.js';

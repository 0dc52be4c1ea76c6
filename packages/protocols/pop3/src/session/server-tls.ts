// Where a POP3 connection gets its TLS context, for implicit TLS (RFC 8314) once any PROXY header
// is read and for the STLS upgrade (RFC 2595 §4): called at each handshake, so a reloaded
// certificate applies to the next connection without a context per socket. The handshake itself
// is net's acceptServerTls().
import type { UpgradeTlsOptions } from '@chasqui/net';

/** Where a connection gets its TLS context; called at each handshake. */
export type ServerTlsSource = () => UpgradeTlsOptions;

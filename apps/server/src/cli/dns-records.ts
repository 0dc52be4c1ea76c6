// The DNS records a domain publishes for Chasqui: MX (RFC 5321 §5), SPF (RFC 7208), DKIM
// (RFC 6376), DMARC (RFC 7489), MTA-STS (RFC 8461), TLS-RPT (RFC 8460), SRV for client
// autoconfiguration (RFC 6186, RFC 8314) and the autoconfig/autodiscover host names.

/** One record, as it is typed into a DNS control panel. */
export interface DnsRecord {
  readonly name: string;
  readonly type: 'MX' | 'TXT' | 'SRV' | 'CNAME';
  readonly value: string;
  readonly note?: string;
}

/** A published DKIM key: its selector and TXT value (from `chasqui dkim`). */
export interface DkimRecord {
  readonly selector: string;
  readonly value: string;
}

function dkimRecords(domain: string, keys: readonly DkimRecord[]): DnsRecord[] {
  if (keys.length === 0) {
    return [
      {
        name: `<selector>._domainkey.${domain}.`,
        type: 'TXT',
        value: '"v=DKIM1; k=rsa; p=<public key>"',
        note: `no DKIM key yet: run \`chasqui dkim generate ${domain}\``,
      },
    ];
  }
  return keys.map((key) => ({
    name: `${key.selector}._domainkey.${domain}.`,
    type: 'TXT',
    value: `"${key.value}"`,
  }));
}

/** The records for `domain` served by the host `hostname`. */
export function recordsForDomain(
  domain: string,
  hostname: string,
  stsPolicyId: string,
  dkim: readonly DkimRecord[] = [],
): DnsRecord[] {
  const host = `${hostname}.`;
  return [
    { name: `${domain}.`, type: 'MX', value: `10 ${host}` },
    { name: `${domain}.`, type: 'TXT', value: '"v=spf1 mx -all"' },
    ...dkimRecords(domain, dkim),
    { name: `_dmarc.${domain}.`, type: 'TXT', value: `"v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}"` },
    { name: `_mta-sts.${domain}.`, type: 'TXT', value: `"v=STSv1; id=${stsPolicyId}"` },
    {
      name: `mta-sts.${domain}.`,
      type: 'CNAME',
      value: host,
      note: `policy served at https://mta-sts.${domain}/.well-known/mta-sts.txt`,
    },
    { name: `_smtp._tls.${domain}.`, type: 'TXT', value: `"v=TLSRPTv1; rua=mailto:tls-reports@${domain}"` },
    { name: `_imaps._tcp.${domain}.`, type: 'SRV', value: `0 1 993 ${host}` },
    { name: `_submissions._tcp.${domain}.`, type: 'SRV', value: `0 1 465 ${host}` },
    { name: `_pop3s._tcp.${domain}.`, type: 'SRV', value: `10 1 995 ${host}` },
    { name: `_autodiscover._tcp.${domain}.`, type: 'SRV', value: `0 1 443 ${host}` },
    { name: `autoconfig.${domain}.`, type: 'CNAME', value: host },
    { name: `autodiscover.${domain}.`, type: 'CNAME', value: host },
  ];
}

/** Zone-file style lines: name, type and value in columns, notes as comments. */
export function formatRecords(records: readonly DnsRecord[]): string[] {
  const nameWidth = Math.max(...records.map((record) => record.name.length));
  return records.flatMap((record) => [
    ...(record.note === undefined ? [] : [`; ${record.note}`]),
    `${record.name.padEnd(nameWidth)}  IN ${record.type.padEnd(5)} ${record.value}`,
  ]);
}

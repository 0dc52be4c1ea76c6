// SASL PLAIN (RFC 4616 §2): base64 of "authzid NUL authcid NUL passwd". Pure.

export interface PlainCredentials {
  readonly authzid: string;
  readonly username: string;
  readonly password: string;
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a PLAIN response; null when it is not valid base64 or not three fields. */
export function decodePlain(response: string): PlainCredentials | null {
  if (response === '' || !base64.test(response)) return null;
  const parts = Buffer.from(response, 'base64').toString('utf8').split('\0');
  if (parts.length !== 3) return null;
  const [authzid = '', username = '', password = ''] = parts;
  if (username === '') return null;
  return { authzid, username, password };
}

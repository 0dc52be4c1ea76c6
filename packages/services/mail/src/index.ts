// The mail service.
export { MailService, type MailDeps } from './mail-service.js';

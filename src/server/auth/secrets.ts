import { hash as digest, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimums (19 MiB, 2 passes). */
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON);
export const verifyPassword = (stored: string, password: string) =>
  verify(stored, password).catch(() => false);

/** A hash to verify against when the user does not exist, so timing does not reveal which e-mails exist. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
};

// One-shot hashing: every authenticated request hashes its credential, and createHash() costs ~6× more.
export const sha256 = (value: string) => digest('sha256', value, 'hex');
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/*
 * SHA-256 of a file's content, as recorded in `.mx/state.yaml` `files:`.
 *
 * mx-common is isomorphic: the browser bundle of the project page imports it (and so this
 * module, through the package index), while the hashes are computed by the backend actions and
 * the template check kit. node:crypto does not exist in the browser and WebCrypto's digest is
 * async, so the hash comes from @noble/hashes (audited, dependency-free, synchronous, the same
 * bytes everywhere).
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** Hex SHA-256 of bytes, or of a string's UTF-8 encoding. */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(
    sha256(typeof data === 'string' ? utf8ToBytes(data) : data),
  );
}

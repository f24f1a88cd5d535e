/**
 * The wire protocol's version. A client sends it in the handshake; the server
 * refuses a version it does not speak with `unsupported_version`.
 * Bump it on any change an older peer could misread.
 */
export const PROTOCOL_VERSION = 6;

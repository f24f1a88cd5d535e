/**
 * The wire protocol's version. A client sends it in the handshake; the server
 * refuses a version it does not speak with `unsupported_version`.
 * Bump it on any change an older peer could misread.
 */
// 7: system messages say when a channel was created or renamed, or its topic changed.
export const PROTOCOL_VERSION = 7;

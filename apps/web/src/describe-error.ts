import type { ProtocolError } from "@parley/protocol";

/** Why signing in or up did not work, worded for the person at the form. */
export function describeAuthError(error: ProtocolError): string {
  switch (error.code) {
    case "invalid_credentials":
      return "Wrong username or password";
    case "username_taken":
      return "That username is taken. Choose another one, or sign in if it is yours.";
    case "rate_limited":
      return "Too many attempts. Wait a few minutes, then try again.";
    case "unreachable":
      return "Cannot reach the server. Check your connection and try again.";
    case "timeout":
      return "The server did not answer in time. Try again in a moment.";
    case "internal":
    case "unavailable":
      return "The server could not sign you in right now. Try again in a moment.";
    case "forbidden_origin":
      return "This page is not allowed to sign in to the server.";
    // The server's own words say exactly what is wrong with the input.
    case "invalid_payload":
    case "invalid_handshake":
    case "unsupported_version":
    case "unauthorized":
    case "not_found":
    case "forbidden":
    case "conflict":
      return error.message;
  }
}

/** Why the server would not open a connection for a signed-in person. */
export function describeRefusal(error: ProtocolError): string {
  switch (error.code) {
    case "unauthorized":
      return "You have been signed out. Sign in again to continue.";
    case "unsupported_version":
      return "This page is older than the server. Reload it to get the current version.";
    case "rate_limited":
      return "Too many connections from this address. Wait a minute, then reconnect.";
    case "forbidden_origin":
      return "This page is not allowed to connect to the server.";
    case "timeout":
    case "unreachable":
      return "The server could not be reached. Try again in a moment.";
    case "internal":
    case "unavailable":
      return "The server could not let you in right now. Try again in a moment.";
    // The server's own words say exactly what is wrong with the request.
    case "invalid_handshake":
    case "invalid_payload":
    case "invalid_credentials":
    case "username_taken":
    case "conflict":
    case "not_found":
    case "forbidden":
      return error.message;
  }
}

/** Why a message was not sent, worded for its author, whose text stays in the composer. */
export function describeSendError(error: ProtocolError): string {
  switch (error.code) {
    case "timeout":
    case "unreachable":
      return "The server did not answer in time. Check your connection and send again.";
    case "rate_limited":
      return "You are sending too fast. Wait a moment, then send again.";
    case "unauthorized":
      return "Your session has ended, so your message was not sent. Sign in again to continue.";
    case "internal":
    case "unavailable":
      return "The server could not send this message. Try again.";
    case "conflict":
      return "This message clashes with another one sent under the same id. Discard it and write it again.";
    case "invalid_payload":
    case "invalid_handshake":
    case "unsupported_version":
    case "invalid_credentials":
    case "username_taken":
    case "forbidden_origin":
    case "not_found":
    case "forbidden":
      return error.message;
  }
}

import type { ProtocolError } from "@parley/protocol";

/** Why the server would not let this person in, worded for them. */
export function describeRefusal(error: ProtocolError): string {
  switch (error.code) {
    case "username_taken":
      return "That name is taken — someone else is using it";
    case "unsupported_version":
      return "This page is older than the server. Reload it to get the current version.";
    case "timeout":
      return "The server did not answer in time. Try again in a moment.";
    case "internal":
      return "The server could not let you in right now. Try again in a moment.";
    // The server's own words say exactly what is wrong with the request.
    case "invalid_handshake":
    case "invalid_payload":
    case "not_found":
    case "forbidden":
    case "recipient_offline":
      return error.message;
  }
}

/** Why a message was not sent, worded for its author, whose text stays in the composer. */
export function describeSendError(error: ProtocolError): string {
  switch (error.code) {
    case "recipient_offline":
      return `${error.message}, so your message was not sent. Send it again once they are back.`;
    case "timeout":
      return "The server did not answer in time. Check your connection and send again.";
    case "internal":
      return "The server could not send this message. Try again.";
    case "invalid_payload":
    case "invalid_handshake":
    case "unsupported_version":
    case "username_taken":
    case "not_found":
    case "forbidden":
      return error.message;
  }
}

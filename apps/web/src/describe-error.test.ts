import { describe, expect, it } from "vitest";
import { describeRefusal, describeSendError } from "./describe-error.js";

describe("describeRefusal", () => {
  it("explains a taken name in plain words", () => {
    expect(describeRefusal({ code: "username_taken", message: "Someone else is using the name alice" })).toBe(
      "That name is taken — someone else is using it",
    );
  });

  it("passes on what the server found wrong with the handshake", () => {
    const message = "A username is 1 to 32 letters, digits, '_', '.' or '-'";
    expect(describeRefusal({ code: "invalid_handshake", message })).toBe(message);
  });
});

describe("describeSendError", () => {
  it("says that a message to someone offline was not sent", () => {
    expect(describeSendError({ code: "recipient_offline", message: "bob is not online" })).toBe(
      "bob is not online, so your message was not sent. Send it again once they are back.",
    );
  });
});

import type { Username } from "@parley/protocol";
import { typingText } from "./mentions.js";

/** "alice is typing…" under the composer; the line keeps its height so nothing jumps. */
export function TypingIndicator({ names }: { names: readonly Username[] }) {
  return (
    <p className="typing-indicator" data-testid="typing-indicator" aria-live="polite">
      {typingText(names)}
    </p>
  );
}

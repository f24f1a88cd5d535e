import type { Username } from "@parley/protocol";
import { splitMentions } from "./mentions.js";

/** The text with its @mentions highlighted, mentions of oneself more. Only React text: never HTML. */
export function MessageText({ text, mentions, self }: { text: string; mentions: readonly Username[]; self: Username }) {
  return (
    <p className="message__text" data-testid="message-text">
      {splitMentions(text, mentions).map((part, index) =>
        part.mention === null ? (
          part.text
        ) : (
          <span key={index} className={part.mention === self ? "mention mention--me" : "mention"} data-testid="mention">
            {part.text}
          </span>
        ),
      )}
    </p>
  );
}

import type { Reaction, Username } from "@parley/protocol";

interface ReactionsProps {
  reactions: readonly Reaction[];
  self: Username;
  onToggle: (emoji: string) => void;
}

/** Each reaction with its count; who reacted is in the title. Choosing one adds or takes back one's own. */
export function Reactions({ reactions, self, onToggle }: ReactionsProps) {
  const shown = reactions.filter((reaction) => reaction.users.length > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="reactions" aria-label="Reactions">
      {shown.map(({ emoji, users }) => {
        const mine = users.includes(self);
        return (
          <li key={emoji}>
            <button
              type="button"
              className={mine ? "reaction reaction--mine" : "reaction"}
              data-testid="reaction"
              data-emoji={emoji}
              data-count={users.length}
              aria-pressed={mine}
              title={`${users.join(", ")} reacted with ${emoji}`}
              onClick={() => onToggle(emoji)}
            >
              <span aria-hidden="true">{emoji}</span>
              <span className="reaction__count" data-testid="reaction-count">
                {users.length}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

import type { Username } from "@parley/protocol";
import { Avatar } from "./avatar.js";

interface MentionMenuProps {
  id: string;
  candidates: readonly Username[];
  selected: number;
  onPick: (username: Username) => void;
}

/** The names an `@` could complete to; the composer moves through them with the arrow keys. */
export function MentionMenu({ id, candidates, selected, onPick }: MentionMenuProps) {
  return (
    <ul className="mention-menu" id={id} role="listbox" aria-label="Mention someone" data-testid="mention-menu">
      {candidates.map((name, index) => (
        <li
          key={name}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === selected}
          className={index === selected ? "mention-menu__item mention-menu__item--selected" : "mention-menu__item"}
          data-testid="mention-option"
          // mousedown, not click: the textarea keeps the focus.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(name);
          }}
        >
          <Avatar username={name} size="sm" />
          {name}
        </li>
      ))}
    </ul>
  );
}

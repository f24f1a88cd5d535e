import type { Username } from "@parley/protocol";
import { Avatar } from "./avatar.js";

interface OnlineListProps {
  online: readonly Username[];
  self: Username;
  /** The person whose private conversation is open, if any. */
  activePeer: Username | null;
  onOpenPrivate: (peer: Username) => void;
}

/** Who is connected now. Choosing someone opens a private conversation with them. */
export function OnlineList({ online, self, activePeer, onOpenPrivate }: OnlineListProps) {
  return (
    <section className="panel" aria-labelledby="online-heading">
      <h2 className="panel__heading" id="online-heading">
        Online <span className="panel__count">{online.length}</span>
      </h2>
      <ul className="online-list" data-testid="online-list">
        {online.map((name) =>
          name === self ? (
            <li key={name} className="online-list__item online-list__item--self" data-username={name}>
              <span className="online-list__entry">
                <Avatar username={name} size="sm" />
                <span className="online-list__name">{name}</span>
                <span className="online-list__you">(you)</span>
                <span className="presence-dot" aria-hidden="true" />
              </span>
            </li>
          ) : (
            <li key={name} className="online-list__item" data-username={name}>
              <button
                type="button"
                className={name === activePeer ? "online-list__entry online-list__entry--active" : "online-list__entry"}
                aria-current={name === activePeer ? "true" : undefined}
                title={`Send ${name} a private message`}
                onClick={() => onOpenPrivate(name)}
              >
                <Avatar username={name} size="sm" />
                <span className="online-list__name">{name}</span>
                <span className="presence-dot" aria-hidden="true" />
              </button>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

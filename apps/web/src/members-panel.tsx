import { presenceOf, type ChatState, type ParleyClient } from "@parley/client";
import type { ProtocolError, RoomSummary, User } from "@parley/protocol";
import { useId, useState, type FormEvent } from "react";
import { Avatar } from "./avatar.js";
import { ErrorText } from "./error-text.js";
import { PresenceDot } from "./presence-dot.js";

interface MembersPanelProps {
  client: Pick<ParleyClient, "invite">;
  room: RoomSummary;
  members: readonly User[] | null;
  error: ProtocolError | null;
  state: Pick<ChatState, "username" | "presenceKnown" | "online" | "away">;
  onClose: () => void;
}

/** Who is in the room, online first; members of a channel invite others here. */
export function MembersPanel({ client, room, members, error, state, onClose }: MembersPanelProps) {
  const inviteId = useId();
  const [invitee, setInvitee] = useState("");
  const [inviteError, setInviteError] = useState<ProtocolError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const rank = { online: 0, away: 1, offline: 2, unknown: 3 } as const;
  const sorted = [...(members ?? [])].sort(
    (a, b) =>
      rank[presenceOf(state, a.username)] - rank[presenceOf(state, b.username)] || a.username.localeCompare(b.username),
  );

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const usernames = invitee
      .split(/[\s,]+/)
      .map((name) => name.replace(/^@/, ""))
      .filter((name) => name !== "");
    if (usernames.length === 0) return;
    setBusy(true);
    setInviteError(null);
    const result = await client.invite(room.id, usernames);
    setBusy(false);
    if (result.ok) {
      setInvitee("");
      setNotice(`Invited ${usernames.join(", ")}`);
    } else setInviteError(result.error);
  }

  return (
    <section className="panel side-panel" aria-labelledby={`${inviteId}-heading`} data-testid="members-panel">
      <header className="side-panel__header">
        <h2 className="side-panel__title" id={`${inviteId}-heading`}>
          Members <span className="panel__count">{room.memberCount}</span>
        </h2>
        <button type="button" className="dialog__close" aria-label="Close members" onClick={onClose}>
          ×
        </button>
      </header>
      {room.kind === "channel" && (
        <form className="invite-form" onSubmit={(event) => void invite(event)}>
          <label className="visually-hidden" htmlFor={inviteId}>
            Invite people by username
          </label>
          <input
            id={inviteId}
            className="text-input"
            data-testid="invite-input"
            placeholder="Invite by username"
            value={invitee}
            onChange={(event) => {
              setInvitee(event.target.value);
              setNotice(null);
            }}
          />
          <button
            type="submit"
            className="button button--small button--primary"
            data-testid="invite-submit"
            disabled={busy}
          >
            Invite
          </button>
        </form>
      )}
      <ErrorText error={inviteError ?? error} />
      {notice !== null && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
      {!state.presenceKnown && members !== null && (
        <p className="panel__hint" data-testid="presence-unknown">
          Who is online is unknown while you are offline.
        </p>
      )}
      {members === null && error === null ? (
        <p className="panel__hint">Loading…</p>
      ) : (
        <ul className="online-list" data-testid="member-list">
          {sorted.map(({ username }) => (
            <li
              key={username}
              className="online-list__item"
              data-testid="member"
              data-username={username}
              data-presence={presenceOf(state, username)}
            >
              <span className="online-list__entry">
                <Avatar username={username} size="sm" />
                <span className="online-list__name">{username}</span>
                {username === state.username && <span className="online-list__you">(you)</span>}
                <PresenceDot status={presenceOf(state, username)} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

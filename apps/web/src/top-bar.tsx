import type { ConnectionState } from "@parley/client";
import type { Username } from "@parley/protocol";
import type { ReactNode, RefObject } from "react";
import { Avatar } from "./avatar.js";
import { Brand } from "./brand.js";
import { ConnectionBadge } from "./connection-badge.js";

interface TopBarProps {
  username: Username;
  connection: ConnectionState;
  signingOut: boolean;
  onSignOut: () => void;
  /** What sits between the brand and the user: the search box. */
  children?: ReactNode;
  /** The button that opens the conversations drawer (shown on phones only). */
  menu: { open: boolean; controls: string; ref: RefObject<HTMLButtonElement | null>; onOpen: () => void };
}

export function TopBar({ username, connection, signingOut, onSignOut, children, menu }: TopBarProps) {
  return (
    <header className="top-bar">
      <button
        type="button"
        ref={menu.ref}
        className="icon-button top-bar__menu"
        data-testid="menu-button"
        aria-expanded={menu.open}
        aria-controls={menu.controls}
        onClick={menu.onOpen}
      >
        <span aria-hidden="true">☰</span>
        <span className="visually-hidden">Conversations</span>
      </button>
      <Brand />
      <div className="top-bar__middle">{children}</div>
      <div className="top-bar__end">
        <ConnectionBadge state={connection} />
        <span className="top-bar__user">
          <Avatar username={username} size="sm" />
          <span className="visually-hidden">Signed in as </span>
          <span data-testid="current-user">{username}</span>
        </span>
        <button
          type="button"
          className="button button--ghost"
          data-testid="sign-out"
          disabled={signingOut}
          onClick={onSignOut}
        >
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </header>
  );
}

import { avatarInitial, avatarTone } from "./avatar-tone.js";

export function Avatar({ username, size = "md" }: { username: string; size?: "sm" | "md" }) {
  return (
    <span className={`avatar avatar--${size} avatar--tone-${avatarTone(username)}`} aria-hidden="true">
      {avatarInitial(username)}
    </span>
  );
}

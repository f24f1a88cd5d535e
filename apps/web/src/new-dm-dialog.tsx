import type { ParleyClient } from "@parley/client";
import { DM_MAX_MEMBERS, Username, type ProtocolError, type RoomId } from "@parley/protocol";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { Dialog, DialogActions } from "./dialog.js";
import { ErrorText } from "./error-text.js";

interface NewDmDialogProps {
  client: Pick<ParleyClient, "openDm">;
  self: Username;
  /** People to suggest: everyone the user shares #general with. */
  people: readonly Username[];
  onClose: () => void;
  onOpened: (roomId: RoomId) => void;
}

const MAX_PEOPLE = DM_MAX_MEMBERS - 1;

/** Picks 1 to 7 people for a direct conversation, one name at a time. */
export function NewDmDialog({ client, self, people, onClose, onOpened }: NewDmDialogProps) {
  const inputId = useId();
  const listId = useId();
  const [picked, setPicked] = useState<Username[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | string | null>(null);

  function add(): boolean {
    const name = draft.trim().replace(/^@/, "");
    if (name === "") return false;
    const exact = people.find((person) => person.toLowerCase() === name.toLowerCase()) ?? name;
    if (!Username.safeParse(exact).success) setError(`${name} is not a username`);
    else if (exact.toLowerCase() === self.toLowerCase()) setError("Pick other people: you are in it already");
    else if (picked.length >= MAX_PEOPLE) setError(`At most ${MAX_PEOPLE} people`);
    else if (!picked.includes(exact)) setPicked([...picked, exact]);
    setDraft("");
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === "Enter" || event.key === "," || event.key === " ") && draft.trim() !== "") {
      event.preventDefault();
      add();
    } else if (event.key === "Backspace" && draft === "" && picked.length > 0) {
      setPicked(picked.slice(0, -1));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = draft.trim().replace(/^@/, "");
    const usernames = name !== "" && !picked.includes(name) ? [...picked, name] : picked;
    if (usernames.length === 0) return setError("Pick at least one person");
    setBusy(true);
    setError(null);
    const result = await client.openDm(usernames);
    setBusy(false);
    if (result.ok) onOpened(result.data.id);
    else setError(result.error);
  }

  const suggestions = people.filter((person) => person !== self && !picked.includes(person));

  return (
    <Dialog title="New message" testId="new-dm-dialog" onClose={onClose}>
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <label className="field-label" htmlFor={inputId}>
          To (up to {MAX_PEOPLE} people)
        </label>
        <div className="chips">
          {picked.map((name) => (
            <button
              key={name}
              type="button"
              className="chip"
              title={`Remove ${name}`}
              onClick={() => setPicked(picked.filter((other) => other !== name))}
            >
              {name} <span aria-hidden="true">×</span>
            </button>
          ))}
          <input
            id={inputId}
            className="chips__input"
            data-testid="dm-people-input"
            list={listId}
            placeholder={picked.length === 0 ? "Type a name, then Enter" : ""}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <datalist id={listId}>
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <ErrorText error={error} />
        <DialogActions label="Open conversation" busyLabel="Opening…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

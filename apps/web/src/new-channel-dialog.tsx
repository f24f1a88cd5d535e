import type { ParleyClient } from "@parley/client";
import type { ProtocolError, RoomId, Visibility } from "@parley/protocol";
import { useId, useState, type FormEvent } from "react";
import { asChannelName } from "./channel-name.js";
import { Dialog, DialogActions } from "./dialog.js";
import { ErrorText } from "./error-text.js";

interface NewChannelDialogProps {
  client: Pick<ParleyClient, "createChannel">;
  onClose: () => void;
  onCreated: (roomId: RoomId) => void;
}

/** Names are lowercase, like Slack's: what is typed is lowercased and spaces become dashes. */

export function NewChannelDialog({ client, onClose, onCreated }: NewChannelDialogProps) {
  const nameId = useId();
  const topicId = useId();
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("public");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await client.createChannel({ name, topic, visibility });
    setBusy(false);
    if (result.ok) onCreated(result.data.id);
    else setError(result.error);
  }

  return (
    <Dialog title="Create a channel" testId="new-channel-dialog" onClose={onClose}>
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <label className="field-label" htmlFor={nameId}>
          Name
        </label>
        <input
          id={nameId}
          className="text-input"
          data-testid="channel-name-input"
          placeholder="e.g. design-team"
          maxLength={80}
          required
          value={name}
          onChange={(event) => setName(asChannelName(event.target.value))}
        />
        <label className="field-label" htmlFor={topicId}>
          Topic <span className="field-optional">(optional)</span>
        </label>
        <input
          id={topicId}
          className="text-input"
          data-testid="channel-topic-input"
          maxLength={250}
          value={topic}
          onChange={(event) => setTopic(event.target.value)}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="channel-private-toggle"
            checked={visibility === "private"}
            onChange={(event) => setVisibility(event.target.checked ? "private" : "public")}
          />
          <span>
            Make private
            <span className="field-hint">Only people you invite can find and join it.</span>
          </span>
        </label>
        <ErrorText error={error} />
        <DialogActions label="Create" busyLabel="Creating…" busy={busy} disabled={name === ""} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

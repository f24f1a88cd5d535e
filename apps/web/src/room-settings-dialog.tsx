import type { ParleyClient } from "@parley/client";
import type { ProtocolError, RoomSummary } from "@parley/protocol";
import { useId, useState, type FormEvent } from "react";
import { asChannelName } from "./channel-name.js";
import { Dialog, DialogActions } from "./dialog.js";
import { ErrorText } from "./error-text.js";

interface RoomSettingsDialogProps {
  client: Pick<ParleyClient, "updateRoom">;
  room: RoomSummary;
  onClose: () => void;
}

/** The owner renames the channel or changes its topic. */
export function RoomSettingsDialog({ client, room, onClose }: RoomSettingsDialogProps) {
  const nameId = useId();
  const topicId = useId();
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name === room.name && topic === room.topic) return onClose();
    setBusy(true);
    const result = await client.updateRoom({
      roomId: room.id,
      ...(name === room.name ? {} : { name }),
      ...(topic === room.topic ? {} : { topic }),
    });
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  }

  return (
    <Dialog title={`Edit #${room.name}`} testId="room-settings-dialog" onClose={onClose}>
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <label className="field-label" htmlFor={nameId}>
          Name
        </label>
        <input
          id={nameId}
          className="text-input"
          data-testid="channel-name-input"
          maxLength={80}
          value={name}
          onChange={(event) => setName(asChannelName(event.target.value))}
        />
        <label className="field-label" htmlFor={topicId}>
          Topic
        </label>
        <input
          id={topicId}
          className="text-input"
          data-testid="channel-topic-input"
          maxLength={250}
          value={topic}
          onChange={(event) => setTopic(event.target.value)}
        />
        <ErrorText error={error} />
        <DialogActions label="Save" busyLabel="Saving…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

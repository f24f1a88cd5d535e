import type { ProtocolError } from "@parley/protocol";

/** A failed request, said as the server worded it. */
export function ErrorText({ error }: { error: ProtocolError | string | null }) {
  if (error === null) return null;
  return (
    <p className="form-error" role="alert" data-testid="error">
      {typeof error === "string" ? error : error.message}
    </p>
  );
}

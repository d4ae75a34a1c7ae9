/**
 * The box above an admin form that was refused: what went wrong, and the problems with fields the
 * form does not show (each one must still be seen; e.g. enterpriseId on a form without it).
 */
export function FormAlert({
  error,
  fields,
  shown,
}: {
  error: string;
  fields: Record<string, string>;
  shown: ReadonlySet<string>;
}) {
  return (
    <div className="alert-box error" role="alert">
      {error}
      {Object.entries(fields)
        .filter(([k]) => !shown.has(k))
        .map(([k, m]) => (
          <div key={k} className="small">
            {k}: {m}
          </div>
        ))}
    </div>
  );
}

// An error a sandbox service answers with: HTTP status, the modelled error name and message.
// Each protocol renders it its own way (rest-json header + body, OIDC error fields, query XML).
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the error shape (OIDC `error`, `error_description`, `reason`…). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

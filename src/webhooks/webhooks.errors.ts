/** The `code` of every problem the webhook routes answer (beside CommonErrorCode's). */
export enum WebhooksErrorCode {
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  SECRET_REQUIRED = 'SECRET_REQUIRED',
}

/** The `code` of every problem the e-mail routes answer (beside CommonErrorCode's). */
export enum EmailsErrorCode {
  EMAIL_NOT_FOUND = 'EMAIL_NOT_FOUND',
  VOUCHER_REPEATED = 'VOUCHER_REPEATED',
  VOUCHER_TAKEN = 'VOUCHER_TAKEN',
  TOO_MANY_MATCHING = 'TOO_MANY_MATCHING',
}

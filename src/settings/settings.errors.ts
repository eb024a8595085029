/** The `code` of every problem the settings routes answer (beside CommonErrorCode's). */
export enum SettingsErrorCode {
  SEDNA_SETTINGS_NOT_CONFIGURED = 'SEDNA_SETTINGS_NOT_CONFIGURED',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  PASSWORD_REQUIRED = 'PASSWORD_REQUIRED',
}

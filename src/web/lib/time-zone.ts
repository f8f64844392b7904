/**
 * The viewer's IANA time zone, sent to the endpoints whose answer depends on what day it is for them (deal
 * health's passed close date), so the server reads the day as the board does (core/process/close-date.ts).
 */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

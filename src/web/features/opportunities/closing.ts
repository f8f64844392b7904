/**
 * The change a status edit sends. Closing names the day it closed *for the viewer*: the server's own
 * default is its UTC day, which for a team east of UTC puts a deal won on the morning of the 1st into the
 * previous month, and so into the wrong month of every win-rate and quota report.
 */
export function statusChange(
  status: string,
  today: string,
  closeReason?: string,
): { status: string; closedAt?: string; closeReason?: string } {
  const change: { status: string; closedAt?: string; closeReason?: string } = { status };
  if (status !== 'open') change.closedAt = today;
  if (closeReason !== undefined) change.closeReason = closeReason;
  return change;
}

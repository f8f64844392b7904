/**
 * The change a status edit sends. Closing names the day it closed *for the viewer*: the server's own
 * default is its UTC day, which for a team east of UTC puts a deal won on the morning of the 1st into the
 * previous month, and so into the wrong month of every win-rate and quota report. Never a day before the
 * deal's created day (its UTC date, as the analytics count it): west of UTC, a deal created and closed the
 * same evening would otherwise close the day before it was created.
 */
export function statusChange(
  status: string,
  day: { today: string; createdAt: string },
  closeReason?: string,
): { status: string; closedAt?: string; closeReason?: string } {
  const change: { status: string; closedAt?: string; closeReason?: string } = { status };
  if (status !== 'open') {
    // The later of two ISO days (strings: Math.max would not do).
    change.closedAt = [day.today, day.createdAt.slice(0, 10)].sort()[1];
  }
  if (closeReason !== undefined) change.closeReason = closeReason;
  return change;
}

/**
 * What is left to win of quotas held separately. Each holder's gap is their own, max(0, quota − won),
 * and the gaps add up: one rep's excess never covers another's shortfall (the way Salesforce and Clari
 * total "left to win"), so a roll-up with reps behind never shows nothing left and no coverage.
 */
export function leftToWin(parts: Iterable<{ quota: number; won: number }>): number {
  let gap = 0;
  for (const p of parts) gap += Math.max(p.quota - p.won, 0);
  return gap;
}

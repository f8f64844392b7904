// A debrief is stored in the activity's `notes`: what was learned, then the next step on a last line
// marked with "→ " (language-neutral, so it reads the same in English and Chinese).

const MARK = '→ ';

export function composeDebrief(learned: string, nextStep: string): string | null {
  const parts = [
    learned.trim(),
    nextStep.trim() ? `${MARK}${nextStep.trim().replace(/\s*\n\s*/g, ' ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('\n\n') : null;
}

export function parseDebrief(notes: string | null | undefined): { learned: string; nextStep: string } {
  if (!notes) return { learned: '', nextStep: '' };
  const lines = notes.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (last.startsWith(MARK))
    return { learned: lines.slice(0, -1).join('\n').trim(), nextStep: last.slice(MARK.length).trim() };
  return { learned: notes.trim(), nextStep: '' };
}

// The deal's stages in order, the current one highlighted; a click moves the deal (through the API).
import { ScrollArea, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { stageLabel } from '../../components/display.tsx';
import type { Stage } from '../../lib/types.ts';

export function StagePath({
  stages,
  currentId,
  evidencedId,
  onMove,
  disabled,
}: {
  stages: Stage[];
  currentId: string;
  /** The furthest stage the evidence supports; marked when it differs from the current one. */
  evidencedId?: string;
  onMove: (stageId: string) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const current = stages.findIndex((s) => s.id === currentId);
  const viewport = useRef<HTMLDivElement>(null);
  const currentRef = useRef<HTMLButtonElement>(null);
  // Where the path still does not fit (a phone, long stage names), the current stage is scrolled into
  // view, and the stages before it lead up to it; the page itself does not move.
  useEffect(() => {
    const box = viewport.current;
    const el = currentRef.current;
    if (!box || !el || current < 0) return;
    const left = el.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
    box.scrollLeft = Math.max(0, left + el.offsetWidth - box.clientWidth + 24);
  }, [current]);
  return (
    <ScrollArea type="auto" offsetScrollbars scrollbarSize={6} viewportRef={viewport}>
      <nav aria-label={t('fields.stage')} style={{ display: 'flex', gap: 4, paddingBottom: 4 }}>
        {stages.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <UnstyledButton
              key={s.id}
              ref={i === current ? currentRef : undefined}
              disabled={disabled || i === current}
              onClick={() => onMove(s.id)}
              aria-current={i === current ? 'step' : undefined}
              data-evidenced={s.id === evidencedId && evidencedId !== currentId ? 'true' : undefined}
              title={`${stageLabel(s, i18n.language)} · ${s.probability}%`}
              style={{
                // Stages share the width equally and long names end in "…" (the full name is the title), so the
                // eight stages of the default process fit a desktop page.
                flex: '1 1 0',
                minWidth: 88,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                padding: '6px 10px',
                fontSize: 13,
                textAlign: 'center',
                borderRadius: 6,
                whiteSpace: 'nowrap',
                fontWeight: state === 'current' ? 600 : 400,
                background:
                  state === 'current'
                    ? 'var(--mantine-color-blue-6)'
                    : state === 'done'
                      ? 'var(--mantine-color-blue-1)'
                      : 'var(--mantine-color-gray-1)',
                color: state === 'current' ? 'white' : 'var(--mantine-color-text)',
                outline:
                  s.id === evidencedId && evidencedId !== currentId
                    ? '2px dashed var(--mantine-color-orange-6)'
                    : undefined,
                outlineOffset: -2,
                cursor: disabled || i === current ? 'default' : 'pointer',
              }}
            >
              {s.position}. {stageLabel(s, i18n.language)}
              {s.id === evidencedId && evidencedId !== currentId ? ` · ${t('process.evidenced')}` : ''}
            </UnstyledButton>
          );
        })}
      </nav>
    </ScrollArea>
  );
}

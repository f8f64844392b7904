// Moving a deal between stages goes through POST /opportunities/:id/move, which checks the milestone
// gates. Moving back asks for a reason; an unmet milestone is explained (with the unmet exit criteria),
// and managers and admins may override it with a reason; a 412 goes through the conflict dialog.
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConflictDialog } from '../../components/ConflictDialog.tsx';
import { stageLabel } from '../../components/display.tsx';
import { api, ProblemError } from '../../lib/api.ts';
import { qk } from '../../lib/queries.ts';
import type { Opportunity, Stage } from '../../lib/types.ts';
import { SaveCancelled, SaveDiscarded } from '../../lib/useRecord.ts';
import { fieldProblemText } from '../../lib/validate.ts';

type ReasonAsk = { title: string; text: string; confirm: string; danger?: boolean };
type UnmetAsk = { detail: string; unmet: { label: string }[]; canOverride: boolean };
type Dialog =
  | ({ kind: 'reason' } & ReasonAsk & { resolve: (r: string | null) => void })
  | ({ kind: 'unmet' } & UnmetAsk & { resolve: (r: string | null) => void });

type Api = {
  askReason: (a: ReasonAsk) => Promise<string | null>;
  askUnmet: (a: UnmetAsk) => Promise<string | null>;
};
const Ctx = createContext<Api | null>(null);

/** Hosts the reason and milestone dialogs (one at a time) for the whole app. */
export function MoveDialogsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const current = useRef<Dialog | null>(null);
  const open = useCallback((d: Dialog) => {
    current.current?.resolve(null);
    current.current = d;
    setReason('');
    setError(undefined);
    setDialog(d);
  }, []);
  const api = useRef<Api>({
    askReason: (a) => new Promise((resolve) => open({ kind: 'reason', ...a, resolve })),
    askUnmet: (a) => new Promise((resolve) => open({ kind: 'unmet', ...a, resolve })),
  });
  const finish = (value: string | null) => {
    current.current?.resolve(value);
    current.current = null;
    setDialog(null);
  };
  const confirm = () => {
    if (!reason.trim()) {
      setError(fieldProblemText({ code: 'required' }));
      return;
    }
    finish(reason.trim());
  };
  const reasonBox = (
    <Textarea
      label={t('move.reason')}
      value={reason}
      onChange={(e) => {
        setReason(e.currentTarget.value);
        setError(undefined);
      }}
      error={error}
      autosize
      minRows={2}
      maxLength={2000}
      data-autofocus
      required
    />
  );
  return (
    <Ctx.Provider value={api.current}>
      {children}
      <Modal
        opened={!!dialog}
        onClose={() => finish(null)}
        title={dialog?.kind === 'unmet' ? t('move.unmetTitle') : dialog?.title}
        centered
        attributes={{
          content: { 'data-testid': dialog?.kind === 'unmet' ? 'move-unmet-dialog' : 'move-reason-dialog' },
        }}
      >
        {dialog?.kind === 'reason' && (
          <Stack>
            <Text size="sm">{dialog.text}</Text>
            {reasonBox}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => finish(null)}>
                {t('common.cancel')}
              </Button>
              <Button color={dialog.danger ? 'red' : undefined} onClick={confirm}>
                {dialog.confirm}
              </Button>
            </Group>
          </Stack>
        )}
        {dialog?.kind === 'unmet' && (
          <Stack data-testid="milestone-unmet">
            <Alert color="orange" title={t('move.unmetCount', { count: dialog.unmet.length })}>
              <List size="sm">
                {dialog.unmet.map((u) => (
                  <List.Item key={u.label}>{u.label}</List.Item>
                ))}
              </List>
            </Alert>
            <Text size="sm" c="dimmed">
              {dialog.canOverride ? t('move.overrideHint') : t('move.unmetHint')}
            </Text>
            {dialog.canOverride && reasonBox}
            <Group justify="flex-end">
              <Button variant={dialog.canOverride ? 'default' : 'filled'} onClick={() => finish(null)}>
                {dialog.canOverride ? t('common.cancel') : t('move.understood')}
              </Button>
              {dialog.canOverride && (
                <Button color="orange" onClick={confirm}>
                  {t('move.override')}
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Modal>
    </Ctx.Provider>
  );
}

function useMoveDialogs(): Api {
  const v = useContext(Ctx);
  if (!v) throw new Error('useMoveDialogs outside MoveDialogsProvider');
  return v;
}

/** Asks for a reason (moving back, closing a deal as lost …); null when the user cancels. */
export function useAskReason() {
  return useMoveDialogs().askReason;
}

type Movable = { id: string; version: number; stageId: string };

/**
 * Returns `move(deal, toStageId, stages)`: the moved deal, or throws SaveCancelled (the user stopped, or a
 * refusal was already explained), SaveDiscarded (chose to reload after a conflict) or a ProblemError.
 */
export function useMoveDeal() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const dialogs = useMoveDialogs();
  const askConflict = useConflictDialog();
  return useCallback(
    async (
      deal: Movable,
      toStageId: string,
      stages: readonly Stage[],
      /** Called before any dialog asks the user something: the move is not done while they decide. */
      onAsk?: () => void,
    ): Promise<Opportunity> => {
      const from = stages.find((s) => s.id === deal.stageId);
      const to = stages.find((s) => s.id === toStageId);
      const toName = stageLabel(to, i18n.language);
      const body: { stageId: string; reason?: string; override?: boolean } = { stageId: toStageId };
      if (from && to && to.position < from.position) {
        onAsk?.();
        const reason = await dialogs.askReason({
          title: t('move.backTitle'),
          text: t('move.backText', { stage: toName }),
          confirm: t('move.backConfirm'),
        });
        if (reason === null) throw new SaveCancelled();
        body.reason = reason;
      }
      let version: number | undefined = deal.version;
      for (;;) {
        try {
          const row = await api.post<Opportunity>(`/opportunities/${deal.id}/move`, body, version);
          qc.setQueryData(qk.item('opportunities', deal.id), row);
          return row;
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          if (err.status === 412) {
            onAsk?.();
            const choice = await askConflict({
              current: err.problem.current,
              changes: [{ label: t('fields.stage'), value: toName }],
            });
            if (choice === 'cancel') throw new SaveCancelled();
            const fresh = await api.get<Opportunity>(`/opportunities/${deal.id}`);
            qc.setQueryData(qk.item('opportunities', deal.id), fresh);
            if (choice === 'reload') throw new SaveDiscarded();
            if (fresh.stageId === toStageId) return fresh;
            version = fresh.version;
            continue;
          }
          const unmet = Array.isArray(err.problem.unmet) ? err.problem.unmet : [];
          if (err.status === 409 && err.code === 'milestone_unmet' && !body.override) {
            onAsk?.();
            const reason = await dialogs.askUnmet({
              detail: err.detail ?? t('board.milestoneUnmet'),
              unmet,
              // The server says whether this user may override (a manager over the owner, not the owner).
              canOverride: err.problem.canOverride === true,
            });
            if (reason === null) throw new SaveCancelled();
            body.override = true;
            body.reason = reason;
            continue;
          }
          throw err;
        }
      }
    },
    [t, i18n.language, qc, dialogs, askConflict],
  );
}

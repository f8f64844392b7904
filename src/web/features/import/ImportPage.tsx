// The import wizard (admins): upload a CSV file, map its columns and values, preview and validate the
// mapping on the first rows, then run the import with a progress bar. The mapping is the same JSON the CLI
// reads (`winpath import --mapping`), and can be saved by name.
import { Alert, Button, Stepper } from '@mantine/core';
import { IconList } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, notifyError } from '../../lib/errors.ts';
import { invalidateResource } from '../../lib/queries.ts';
import { AdminGate } from '../admin/AdminGate.tsx';
import {
  type ImportEntity,
  type ImportFileView,
  type ImportMapping,
  importKeys,
  type ReadFormats,
  type RunBody,
  startImport,
  suggestMapping,
  useImportEntities,
  useImportFile,
} from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { MapStep } from './MapStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { RunStep } from './RunStep.tsx';
import { UploadStep } from './UploadStep.tsx';
import { applyMapping, setFormat } from './wizard.ts';

const EMPTY: ImportMapping = { columns: {} };

export default function ImportPage() {
  const { t } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const qc = useQueryClient();
  const entities = useImportEntities();
  const [active, setActive] = useState(0);
  const [entity, setEntity] = useState<ImportEntity>('opportunities');
  const [upload, setUpload] = useState<ImportFileView | null>(null);
  const [read, setRead] = useState<ReadFormats>({});
  const [mapping, setMapping] = useState<ImportMapping>(EMPTY);
  const [suggestedFor, setSuggestedFor] = useState<string | null>(null);
  const [createMissing, setCreateMissing] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  /** The server found this file imported before with the same mapping and did nothing again. */
  const [alreadyImported, setAlreadyImported] = useState(false);
  const [busy, setBusy] = useState(false);

  // The file as read with the chosen encoding and delimiter (the upload's answer while they are automatic).
  const custom = !!(read.encoding || read.delimiter);
  const reread = useImportFile(custom && upload ? upload.id : null, read);
  const file = custom ? (reread.data ?? upload) : upload;
  const shape = file?.shape ?? null;
  const info = entities.data;
  const fields = info?.entities.find((e) => e.name === entity)?.fields ?? [];
  const body: RunBody | null = file ? { fileId: file.id, entity, mapping, createMissing } : null;

  const chooseRead = (r: ReadFormats) => {
    const clean: ReadFormats = {};
    if (r.encoding && r.encoding !== 'auto') clean.encoding = r.encoding;
    if (r.delimiter && r.delimiter !== 'auto') clean.delimiter = r.delimiter;
    setRead(clean);
  };

  /** To the mapping: a suggestion from the headers, once per file, entity and reading. */
  const toMapping = async () => {
    if (!file || !shape) return;
    const key = JSON.stringify([file.id, entity, read]);
    if (suggestedFor !== key) {
      setBusy(true);
      try {
        const s = await suggestMapping(file.id, entity);
        let m = applyMapping(s.mapping, shape.headers, EMPTY).mapping;
        m = setFormat(m, 'encoding', read.encoding ?? null);
        m = setFormat(m, 'delimiter', read.delimiter ?? null);
        setMapping(m);
        setSuggestedFor(key);
      } catch (err) {
        notifyError(err, tApp);
        return;
      } finally {
        setBusy(false);
      }
    }
    setActive(1);
  };

  const start = async () => {
    if (!body) return;
    setBusy(true);
    try {
      const { alreadyImported, ...job } = await startImport(body);
      qc.setQueryData(importKeys.job(job.id), job);
      setAlreadyImported(alreadyImported);
      void qc.invalidateQueries({ queryKey: importKeys.jobs });
      setJobId(job.id);
      setActive(3);
    } catch (err) {
      notifyError(err, tApp);
    } finally {
      setBusy(false);
    }
  };

  // Once a job has ended: lists and dashboards show what came in, and a completed run completes the wizard.
  const ended = useRef<string | null>(null);
  const onFinished = useCallback(
    (completed: boolean) => {
      const key = `${jobId}:${completed}`;
      if (!jobId || ended.current === key) return;
      ended.current = key;
      void invalidateResource(qc, entity);
      void qc.invalidateQueries({ queryKey: ['insights'] });
      void qc.invalidateQueries({ queryKey: importKeys.jobs });
      setActive(completed ? 4 : 3);
    },
    [jobId, entity, qc],
  );

  const another = () => {
    setActive(0);
    setUpload(null);
    setRead({});
    setMapping(EMPTY);
    setSuggestedFor(null);
    setCreateMissing(false);
    setJobId(null);
    setAlreadyImported(false);
  };

  // The run's progress and results, on the last step and once the stepper shows it completed.
  const runStep = jobId && (
    <RunStep
      jobId={jobId}
      alreadyImported={alreadyImported}
      onResume={() => void start()}
      onAnother={another}
      onFinished={onFinished}
    />
  );

  return (
    <AdminGate subject="imports">
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Button
            component={Link}
            to="/admin/import/jobs"
            variant="default"
            leftSection={<IconList size={16} />}
          >
            {t('recent')}
          </Button>
        }
      />
      {entities.isError && <Alert color="red">{errorMessage(entities.error, tApp)}</Alert>}
      <Stepper
        active={active}
        onStepClick={jobId ? undefined : setActive}
        allowNextStepsSelect={false}
        size="sm"
        data-testid="import-wizard"
      >
        <Stepper.Step label={t('steps.upload')} description={t('steps.uploadHint')}>
          <UploadStep
            entity={entity}
            onEntity={setEntity}
            file={file}
            onFile={(f) => {
              setUpload(f);
              setRead({});
            }}
            read={read}
            onRead={chooseRead}
            entities={info?.entities.map((e) => e.name) ?? []}
            encodings={info?.encodings ?? ['auto']}
            readingAgain={reread.isFetching}
            onNext={() => void toMapping()}
            nextLoading={busy}
          />
        </Stepper.Step>
        <Stepper.Step label={t('steps.map')} description={t('steps.mapHint')}>
          {file && shape && (
            <MapStep
              entity={entity}
              fields={fields}
              fileId={file.id}
              shape={shape}
              mapping={mapping}
              onMapping={setMapping}
              createMissing={createMissing}
              onCreateMissing={setCreateMissing}
              dateFormats={info?.dateFormats ?? ['auto']}
              decimalMarks={info?.decimalMarks ?? ['auto']}
              onBack={() => setActive(0)}
              onNext={() => setActive(2)}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={t('steps.preview')} description={t('steps.previewHint')}>
          {body && (
            <PreviewStep
              body={body}
              fields={fields}
              onBack={() => setActive(1)}
              onStart={() => void start()}
              starting={busy}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={t('steps.run')} description={t('steps.runHint')}>
          {runStep}
        </Stepper.Step>
        <Stepper.Completed>{runStep}</Stepper.Completed>
      </Stepper>
    </AdminGate>
  );
}

/**
 * The import wizard's use cases: upload a file (kept in the database), look at it, get a suggested
 * mapping, preview a mapping (a dry run over the first rows), run the import in the background and
 * follow its progress, download the error report, keep mappings by name. Admins only (access.ts).
 *
 * Each group lives in its own module; this one names them all for the code outside the feature
 * (housekeeping's purge, tests).
 */
export { requireAdmin } from './access.ts';
export {
  deleteUpload,
  type FileInfo,
  getUpload,
  MAX_UPLOAD_BYTES,
  purgeImportFiles,
  rawUploadBody,
  saveUpload,
  uploadFile,
} from './import-files.service.ts';
export {
  getJob,
  type JobView,
  jobErrorsCsv,
  listJobs,
  runningImports,
  settleRunningImports,
  startJob,
} from './import-jobs.service.ts';
export { createMapping, deleteMapping, listMappings, type SavedMapping } from './import-mappings.service.ts';
export { preview, type SampleRecord, type SampleValue, type Unmatched } from './import-preview.service.ts';
export { type ColumnValues, columnValues, importEntities, suggest } from './import-wizard.service.ts';

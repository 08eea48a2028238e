import type { ReactNode } from 'react';
import type { ImageDetail, ImageSummary } from '../../../../app/api/contract';
import { formatCount, formatDateTime } from '../../common/format';
import { STATUS_LABELS } from '../browse/filters';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Decoder metadata values as text: numbers and strings as they are, arrays and objects compactly. */
export function metadataText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => String(v)).join(' \\ ');
  return JSON.stringify(value);
}

/** "pixelSpacing" → "Pixel spacing", "transferSyntaxName" → "Transfer syntax name". */
export function metadataLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Row({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The import's own notes about the working copy, as readable text. */
export function workingCopyRows(metadata: Record<string, unknown>): [string, string][] {
  const rows: [string, string][] = [];
  const mapping = metadata.cacheMapping;
  // Failed and "no image" files have no working copy.
  if (!isRecord(mapping)) return rows;
  if (typeof mapping.lo === 'number' && typeof mapping.hi === 'number') {
    rows.push(['Cached range', `${mapping.lo} … ${mapping.hi} (modality units) as ${String(mapping.depth)}-bit${mapping.inverted ? ', inverted (MONOCHROME1)' : ''}`]);
  }
  const w = metadata.defaultWindow;
  rows.push(['File window', isRecord(w) && typeof w.center === 'number' && typeof w.width === 'number' ? `C ${w.center} · W ${w.width}` : 'none (full range)']);
  if (typeof metadata.frameCount === 'number') rows.push(['Frames', String(metadata.frameCount)]);
  if (Array.isArray(metadata.warnings) && metadata.warnings.length > 0) rows.push(['Warnings', metadata.warnings.map(String).join('; ')]);
  return rows;
}

/** Decoder metadata: the nested `metadata` record when present, else every key not shown elsewhere. */
export function decoderEntries(metadata: Record<string, unknown>): [string, unknown][] {
  const shown = new Set(['cacheMapping', 'defaultWindow', 'frameCount', 'warnings', 'fileName', 'metadata']);
  const nested = isRecord(metadata.metadata) ? Object.entries(metadata.metadata) : [];
  const rest = Object.entries(metadata).filter(([k]) => !shown.has(k));
  return [...nested, ...rest].sort(([a], [b]) => a.localeCompare(b));
}

/** What is recorded about the image. No patient identifiers exist to show: only a salted key is ever stored. */
export function MetadataPanel({ image, detail, error }: { image: ImageSummary; detail: ImageDetail | undefined; error: string | undefined }) {
  const metadata = detail ? decoderEntries(detail.metadata) : [];
  const working = detail ? workingCopyRows(detail.metadata) : [];
  return (
    <aside className="viewer-meta" aria-label="Image metadata">
      <h3>Image</h3>
      <dl>
        <Row label="File">{image.fileName}</Row>
        <Row label="Path" title={image.sourcePath}>
          <span className="path">{image.sourcePath}</span>
        </Row>
        <Row label="Status">{STATUS_LABELS[image.status]}</Row>
        {image.error && <Row label="Reason">{image.error}</Row>}
        {image.duplicateOf !== null && <Row label="Same content as">image {image.duplicateOf}</Row>}
        {image.width !== null && image.height !== null && (
          <Row label="Size">
            {image.width} × {image.height} px
          </Row>
        )}
        <Row label="Modality">{image.modality ?? '—'}</Row>
        <Row label="View">{image.view ?? '—'}</Row>
        <Row label="Sex">{image.sex ?? '—'}</Row>
        <Row label="Age">{image.ageYears === null ? '—' : `${image.ageYears} y`}</Row>
        {detail && (
          <>
            <Row label="Format">{detail.format ?? '—'}</Row>
            <Row label="File size">{detail.fileSize === null ? '—' : `${formatBytes(detail.fileSize)} (${formatCount(detail.fileSize)} bytes)`}</Row>
            <Row label="Content hash" title={detail.contentHash ?? undefined}>
              <span className="path">{detail.contentHash ? `${detail.contentHash.slice(0, 16)}…` : '—'}</span>
            </Row>
            <Row label="Imported">{formatDateTime(detail.createdAt)}</Row>
          </>
        )}
      </dl>
      {working.length > 0 && (
        <>
          <h3>Working copy</h3>
          <dl>
            {working.map(([label, text]) => (
              <Row key={label} label={label}>
                {text}
              </Row>
            ))}
          </dl>
        </>
      )}
      <h3>Decoder metadata</h3>
      {error && <p className="form-error">{error}</p>}
      {!detail && !error && <p className="muted">Loading…</p>}
      {detail && metadata.length === 0 && <p className="muted">None recorded.</p>}
      {metadata.length > 0 && (
        <dl>
          {metadata.map(([key, value]) => (
            <Row key={key} label={key === 'patientKey' ? 'Patient key (pseudonym)' : metadataLabel(key)} title={key}>
              {metadataText(value)}
            </Row>
          ))}
        </dl>
      )}
    </aside>
  );
}

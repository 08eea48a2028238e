import type { ImageWorkStatus, SuggestionRecord, TemplatePoint } from '../../api/schemas/annotations';
import type { PointHint } from '../template-points';

/**
 * The format modules are pure: an ExportDocument in, text out; text in, a ParsedDocument out. Matching file names
 * to images, landmarks to template points and checking bounds happen afterwards, in one place (exchange/import.ts),
 * so every format reports problems the same way.
 */

export interface ExportImage {
  /** How the file refers to the image: its file name (or a distinguishing path suffix when names repeat). */
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

export interface ExportAnnotation {
  readonly file: string;
  readonly landmark: string;
  readonly annotator: string;
  readonly state: 'placed' | 'absent';
  readonly x: number | null;
  readonly y: number | null;
  readonly locked: boolean;
  readonly suggestion: SuggestionRecord | null;
  readonly updatedAt: string;
}

export interface ExportStatus {
  readonly file: string;
  readonly annotator: string;
  readonly status: ImageWorkStatus;
  readonly secondsSpent: number;
  readonly updatedAt: string;
}

export interface ExportDocument {
  readonly generator: string;
  readonly exportedAt: string;
  readonly dataset: string;
  readonly template: { readonly name: string; readonly points: readonly TemplatePoint[] };
  /** Images with annotations, in dataset order. */
  readonly images: readonly ExportImage[];
  /** Grouped by image (in `images` order), then annotator, then template point order. */
  readonly annotations: readonly ExportAnnotation[];
  readonly statuses: readonly ExportStatus[];
}

export interface ParsedAnnotation {
  readonly file: string;
  /** The landmark as the file names it (a point id, or a name to match). */
  readonly landmark: string;
  readonly annotator: string | null;
  readonly state: 'placed' | 'absent';
  /** Pixel position for a placed point; null when the file only gives normalised coordinates (see `norm`). */
  readonly x: number | null;
  readonly y: number | null;
  readonly norm?: { readonly u: number; readonly v: number };
  readonly locked?: boolean;
  readonly suggestion?: SuggestionRecord | null;
  readonly updatedAt?: string;
  /** Where in the file, for messages: "line 12", "annotations[3] keypoint 5", … */
  readonly where: string;
}

export interface ParsedStatus {
  readonly file: string;
  readonly annotator: string | null;
  readonly status: ImageWorkStatus;
  readonly secondsSpent: number;
  readonly where: string;
}

export interface ParsedDocument {
  /** A template name the file carries, if any. */
  readonly templateName?: string;
  /** Landmarks in the file's declared order (or order of first appearance), with whatever the file says about them. */
  readonly landmarks: readonly PointHint[];
  /** Images the file declares with a size (to detect annotations made on a resized copy). */
  readonly images: readonly { readonly file: string; readonly width?: number; readonly height?: number }[];
  readonly annotations: readonly ParsedAnnotation[];
  readonly statuses: readonly ParsedStatus[];
}

/** Numbers as JavaScript prints them: the shortest text that reads back to the identical double (exact round trips). */
export function num(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

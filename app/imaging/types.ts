/**
 * The one decoded-image shape shared by DICOM and raster files, so the importer, the cache writer and the viewer
 * never branch on the source format. Pixel arrays hold STORED values (after Bits Stored masking and sign extension);
 * the LUT chain that turns them into modality values and display values travels alongside as data.
 */

/** Stored values of one frame, row-major, one sample per pixel (colour is converted to gray while decoding). */
export type StoredArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface PixelFormat {
  /** Bits per sample in memory: 8, 16 or 32. */
  readonly bitsAllocated: number;
  /** Significant bits; the values in `frames` already lie in [0, 2^bitsStored) or, when signed, [-2^(bitsStored-1), 2^(bitsStored-1)). */
  readonly bitsStored: number;
  readonly highBit: number;
  /** Pixel Representation (0028,0103) = 1: two's complement stored values. */
  readonly signed: boolean;
}

/** A LUT as DICOM defines it (LUT Descriptor + LUT Data): inputs below `firstMapped` map to entry 0, above the end to the last entry. */
export interface Lut {
  readonly firstMapped: number;
  /** Declared bits per entry (LUT Descriptor third value); output range is [0, 2^bits). */
  readonly bits: number;
  readonly data: Uint16Array;
  readonly explanation?: string;
}

export type ModalityTransform =
  | { readonly kind: 'identity' }
  | { readonly kind: 'rescale'; readonly slope: number; readonly intercept: number; readonly type?: string }
  | { readonly kind: 'lut'; readonly lut: Lut; readonly type?: string };

export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface VoiWindow {
  readonly kind: 'window';
  readonly center: number;
  readonly width: number;
  readonly function: VoiFunction;
  readonly explanation?: string;
}

export type Voi = VoiWindow | { readonly kind: 'lut'; readonly lut: Lut };

/** Non-identifying descriptors the importer stores per image. */
export interface ImageMetadata {
  readonly format: 'dicom' | 'png' | 'jpeg' | 'tiff';
  /** Photometric Interpretation of the source (before colour → gray). Rasters report MONOCHROME2 or RGB/RGBA/PALETTE. */
  readonly photometric: string;
  readonly samplesPerPixel: number;
  readonly planarConfiguration?: number;
  readonly transferSyntax?: string;
  readonly transferSyntaxName?: string;
  readonly modality?: string;
  readonly viewPosition?: string;
  readonly bodyPart?: string;
  readonly sex?: string;
  readonly age?: string;
  /** Row spacing, column spacing in mm (0028,0030). */
  readonly pixelSpacing?: readonly [number, number];
  /** (0018,1164), the detector-plane spacing common in CR/DX. */
  readonly imagerPixelSpacing?: readonly [number, number];
  readonly sopClassUid?: string;
  /** Salted SHA-256 of Patient ID (hex); absent when the file has no Patient ID or no salt was given. */
  readonly patientKey?: string;
  /** Bit depth of the source samples as stored in the file (raster: 8 or 16; DICOM: Bits Stored). */
  readonly sourceBitDepth: number;
}

export interface DecodedImage {
  readonly kind: 'image';
  readonly width: number;
  readonly height: number;
  /** Set when a codec decoded a reduced resolution on request (`maxLongSide`): the image's real size. */
  readonly reducedFrom?: { readonly width: number; readonly height: number };
  /** Frames in the file; `frames` holds only the first unless all frames were requested. */
  readonly frameCount: number;
  readonly frames: readonly StoredArray[];
  readonly pixel: PixelFormat;
  readonly modalityLut: ModalityTransform;
  /** VOI choices in file order: windows first (multi-valued Window Center/Width), then VOI LUT Sequence items. */
  readonly vois: readonly Voi[];
  /** Presentation: true when display must invert so bone is bright (MONOCHROME1 or Presentation LUT Shape INVERSE). */
  readonly invert: boolean;
  readonly metadata: ImageMetadata;
  /** Non-fatal oddities found while decoding (e.g. "J2K codestream signedness differs from Pixel Representation"). */
  readonly warnings: readonly string[];
}

export interface NoImage {
  readonly kind: 'no_image';
  readonly reason: string;
  readonly metadata?: Partial<ImageMetadata>;
}

export type DecodeResult = DecodedImage | NoImage;

export interface DecodeOptions {
  /** Decode every frame instead of the first only. */
  readonly allFrames?: boolean;
  /** Salt for the pseudonymous patient key; without it no key is produced. */
  readonly patientKeySalt?: string;
  /** Refuse files larger than this many bytes before reading them (default 2 GiB − 1, Buffer's limit). */
  readonly maxFileBytes?: number;
  /**
   * The caller only needs an image whose longer side is at least this (e.g. a working-resolution cache): codecs that
   * can decode a smaller resolution cheaply (JPEG 2000) may do so and report `reducedFrom`. Omit for full resolution.
   */
  readonly maxLongSide?: number;
  /** Refuse images whose decoded samples would exceed this count (rows × cols × frames × samples; default 2^28). */
  readonly maxSamples?: number;
}

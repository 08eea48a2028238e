import { fail } from '../../errors';

/** What every codec hands back: samples (interleaved when there are several components) plus what the codestream says about them. */
export interface CodecOutput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly signed: boolean;
  /** Raw bytes, little endian, `bitsPerSample` ≤ 8 → 1 byte per sample, else 2. Owned by the caller (copied out of wasm memory). */
  readonly bytes: Uint8Array;
  /** Three components still in YCbCr (our own JPEG decoder); wasm codecs convert to RGB themselves. */
  readonly ycbcr?: true;
  /** Wavelet levels skipped (JPEG 2000 reduced-resolution decoding): the image is 2^levels times smaller per side. */
  readonly levels?: number;
}

/**
 * How many JPEG 2000 resolution levels can be skipped while the longer side stays ≥ `maxLongSide`
 * (each level halves both sides, rounding up), bounded by the levels the codestream has.
 */
export interface ReduceRequest {
  readonly width: number;
  readonly height: number;
  readonly maxLongSide: number;
}

/** JPEG 2000 allows up to 32 decomposition levels; encoders use about 5. */
const MAX_J2K_LEVELS = 32;

export function reductionLevels(width: number, height: number, maxLongSide: number, available: number): number {
  let levels = 0;
  let side = Math.max(width, height);
  while (levels < available && Math.ceil(side / 2) >= maxLongSide) {
    side = Math.ceil(side / 2);
    levels++;
  }
  return levels;
}

type DecoderClass = new () => EmbindDecoder;

/**
 * An Emscripten codec initialised once per process (per worker) and reused. If a decode aborts the wasm runtime
 * (Emscripten's abort() leaves the module unusable), the instance is dropped and the next call re-initialises it.
 */
export class WasmCodec {
  private ready: Promise<DecoderClass> | undefined;

  constructor(
    readonly label: string,
    private readonly load: () => Promise<DecoderClass>,
  ) {}

  private decoderClass(): Promise<DecoderClass> {
    this.ready ??= this.load().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /**
   * `reduce`: the caller needs only `maxLongSide` of an image of the given (header) size, so a JPEG 2000 codec may skip
   * wavelet levels. The codestream's level count is known only once decoding starts, so a request for more levels
   * than it has falls back to a full decode.
   */
  async decode(encoded: Uint8Array, reduce?: ReduceRequest): Promise<CodecOutput> {
    const levels = reduce ? reductionLevels(reduce.width, reduce.height, reduce.maxLongSide, MAX_J2K_LEVELS) : 0;
    if (levels > 0) {
      try {
        return await this.decodeOnce(encoded, levels);
      } catch (err) {
        if (!(err instanceof Error && err.name === 'DecodeFailure')) throw err;
      }
    }
    return this.decodeOnce(encoded, 0);
  }

  private async decodeOnce(encoded: Uint8Array, levels: number): Promise<CodecOutput> {
    let Decoder: DecoderClass;
    try {
      Decoder = await this.decoderClass();
    } catch (err) {
      fail(`${this.label} codec could not be loaded: ${(err as Error).message}`);
    }
    let decoder: EmbindDecoder | undefined;
    try {
      decoder = new Decoder();
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      if (levels > 0 && decoder.decodeSubResolution && decoder.calculateSizeAtDecompositionLevel) decoder.decodeSubResolution(levels, 0);
      else if (levels > 0) fail(`${this.label} decoder cannot decode reduced resolutions`);
      else decoder.decode();
      const full = decoder.getFrameInfo();
      const info = levels > 0 ? { ...full, ...decoder.calculateSizeAtDecompositionLevel!(levels) } : full;
      const view = decoder.getDecodedBuffer();
      const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
      const expected = info.width * info.height * info.componentCount * bytesPerSample;
      if (view.length < expected) fail(`${this.label} decoder returned ${view.length} bytes, expected ${expected}`);
      return {
        width: info.width,
        height: info.height,
        components: info.componentCount,
        bitsPerSample: info.bitsPerSample,
        signed: info.isSigned,
        bytes: view.slice(0, expected),
        levels,
      };
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError || /abort/i.test(String((err as Error)?.message ?? err))) this.ready = undefined;
      if (err instanceof Error && err.name === 'DecodeFailure') throw err;
      return fail(`${this.label} codestream could not be decoded: ${codecMessage(err)}`);
    } finally {
      try {
        decoder?.delete();
      } catch {
        // The runtime may already be dead after an abort; the instance is dropped above either way.
      }
    }
  }

}

/** Embind C++ exceptions arrive as numbers (pointers) or strings; make them readable. */
function codecMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'number') return `native exception (code ${err})`;
  return String(err);
}

/** Emscripten prints progress ("[INFO] Main header has been correctly decoded") to stdout unless told otherwise. */
const QUIET = { print: () => {}, printErr: () => {} };

export const jpeg8Codec = new WasmCodec('JPEG baseline', async () => (await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')).default(QUIET).then((m) => m.JPEGDecoder));
export const jpegLsCodec = new WasmCodec('JPEG-LS', async () => (await import('@cornerstonejs/codec-charls/decodewasmjs')).default(QUIET).then((m) => m.JpegLSDecoder));
export const j2kCodec = new WasmCodec('JPEG 2000', async () => (await import('@cornerstonejs/codec-openjpeg/decodewasmjs')).default(QUIET).then((m) => m.J2KDecoder));
export const htj2kCodec = new WasmCodec('HTJ2K', async () => (await import('@cornerstonejs/codec-openjph')).default(QUIET).then((m) => m.HTJ2KDecoder));

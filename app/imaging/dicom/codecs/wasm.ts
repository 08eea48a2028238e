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

  async decode(encoded: Uint8Array): Promise<CodecOutput> {
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
      decoder.decode();
      const info = decoder.getFrameInfo();
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

/**
 * Minimal typings for the cornerstone wasm codecs (they ship none). All four expose the same Embind decoder shape:
 * copy the codestream into getEncodedBuffer(n), decode(), read getFrameInfo() and getDecodedBuffer() (a view into
 * wasm memory, valid until the next call), then delete() the instance.
 */
interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  delete(): void;
  /** JPEG 2000 decoders only: decode fewer wavelet levels for a smaller image at a fraction of the cost. */
  calculateSizeAtDecompositionLevel?(level: number): { width: number; height: number };
  decodeSubResolution?(level: number, layer: number): void;
}

type CodecFactory<M> = (moduleArg?: Record<string, unknown>) => Promise<M>;

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: CodecFactory<{ JPEGDecoder: new () => EmbindDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: CodecFactory<{ JpegLSDecoder: new () => EmbindDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: CodecFactory<{ J2KDecoder: new () => EmbindDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph' {
  const factory: CodecFactory<{ HTJ2KDecoder: new () => EmbindDecoder & { getLastErrorMessage?(): string } }>;
  export default factory;
}

/** jpeg-lossless-decoder-js ships no .d.ts in its release folder. */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    xDim: number;
    yDim: number;
    numComp: number;
    precision: number;
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}

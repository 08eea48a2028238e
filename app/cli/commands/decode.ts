import sharp from 'sharp';
import { decodeImageFile, renderDisplay } from '../../imaging';
import { storedRange } from '../../imaging/pixels/stored';
import { writeFileAtomic } from '../../util/atomic-file';
import { UsageError, type Command } from '../command';

/** Stored values as unsigned 16-bit samples; signed data is offset by 2^(bits−1) so it fits, and we say so. */
function storedAsUint16(frame: ArrayLike<number>, offset: number): Uint16Array {
  const out = new Uint16Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = frame[i]! + offset;
  return out;
}

export const decodeCommand: Command = {
  name: 'decode',
  usage: 'decode <file> --out <file.png> [--raw | --display] [--frame <n>]',
  summary: 'Decode one DICOM/PNG/JPEG/TIFF file to a PNG: --raw stored values (16-bit, no LUTs) or --display (8-bit, all LUTs).',
  async run(ctx) {
    const [file] = ctx.positionals;
    const out = ctx.options.out;
    if (!file) throw new UsageError('Give the file to decode.');
    if (typeof out !== 'string') throw new UsageError('--out <file.png> is required.');
    if (ctx.options.raw && ctx.options.display) throw new UsageError('Choose one of --raw and --display.');
    const frame = ctx.options.frame === undefined ? 0 : Number(ctx.options.frame);
    if (!Number.isInteger(frame) || frame < 0) throw new UsageError('--frame must be a non-negative integer.');
    const decoded = await decodeImageFile(file, { allFrames: frame > 0 });
    if (decoded.kind === 'no_image') throw new Error(`${file}: no image (${decoded.reason})`);
    const stored = decoded.frames[frame];
    if (!stored) throw new Error(`${file}: frame ${frame} does not exist (the file has ${decoded.frameCount}).`);
    const raw = { width: decoded.width, height: decoded.height, channels: 1 as const };
    let png: Buffer;
    let note: string;
    if (ctx.options.display) {
      png = await sharp(renderDisplay(decoded, { frame }), { raw }).toColourspace('b-w').png().toBuffer();
      note = `8-bit display rendering (modality LUT, ${decoded.vois.length > 0 ? "the file's first VOI" : 'full-range window'}${decoded.invert ? ', inverted for MONOCHROME1/INVERSE' : ''})`;
    } else {
      if (decoded.pixel.bitsStored > 16) throw new Error(`${file}: ${decoded.pixel.bitsStored} bits stored do not fit a 16-bit PNG.`);
      const offset = decoded.pixel.signed ? -storedRange(decoded.pixel).min : 0;
      png = await sharp(storedAsUint16(stored, offset), { raw }).toColourspace('grey16').png().toBuffer();
      note = `16-bit stored values, ${decoded.pixel.bitsStored} bits stored${offset ? `, signed: offset by +${offset}` : ''}`;
    }
    await writeFileAtomic(out, png);
    if (ctx.json) ctx.io.out(JSON.stringify({ file, out, width: decoded.width, height: decoded.height, frame, note }));
    else ctx.io.out(`${out}: ${decoded.width}×${decoded.height}, ${note}`);
  },
};

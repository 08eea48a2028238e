import { useState } from 'react';
import type { Run, RunSample, SampleView as View } from '../../../../app/api/schemas/runs';
import { useApiQuery } from '../../api/useApiQuery';
import { FormError } from '../../common/FormError';
import { useDisplay } from '../../data/viewer/useDisplay';
import { useImageDataById } from '../../data/viewer/useImageData';
import { colorAt } from '../charts/palette';
import { centreOf, gridLines, tokenRect } from '../model/sampleDrawing';
import { CropImage, type Picture } from './CropImage';

const VIEW_CLASSES = ['view-a', 'view-b'] as const;

/**
 * One training sample as the method's geometry draws it: the image with both crop boxes, their overlap and a few
 * matched token pairs (one colour per pair), then each crop with its token grid, overlap tokens and the same pairs.
 */
export function SampleView({ run }: { run: Run }) {
  const [seed, setSeed] = useState(0);
  const query = useApiQuery('runs.sample', { id: run.id, seed });
  const sample = query.data;
  const image = useImageDataById(sample?.imageId);
  const pixels = sample && image.id === sample.imageId ? image.pixels : undefined;
  // An 8-bit cache already holds the display rendering.
  const display = useDisplay(pixels, image.detail?.metadata, pixels?.bits === 8);
  const picture: Picture | undefined = pixels && display.window ? { pixels, window: display.window } : undefined;

  return (
    <div className="sees-block" aria-label="Training sample" role="group" data-pairs={sample?.pairs.length} data-image-id={sample?.imageId}>
      <div className="sees-bar">
        <h4>A training sample</h4>
        <button type="button" onClick={() => setSeed((s) => s + 1)} disabled={query.loading}>
          Another sample
        </button>
      </div>
      {query.error && <FormError>Could not draw a sample: {query.error.message}</FormError>}
      {sample && (
        <>
          <div className="sees-panels">
            <figure className="sees-panel">
              <CropImage imageId={sample.imageId} source={sample.source} rect={{ x: 0, y: 0, ...sample.source }} picture={picture} label="Sample image with both crops">
                <Overview sample={sample} />
              </CropImage>
              <figcaption>Image {sample.imageId}: both crops, their overlap and matched tokens</figcaption>
            </figure>
            {sample.views.map((view, v) => (
              <figure className="sees-panel" key={v} data-view={v} data-tokens={view.tokens}>
                <CropImage imageId={sample.imageId} source={sample.source} rect={view.box} picture={picture} label={view.label}>
                  <Crop view={view} viewClass={VIEW_CLASSES[v]!} pairs={sample.pairs.map((p) => p[v]!)} />
                </CropImage>
                <figcaption>
                  {view.label} · {view.tokens}×{view.tokens} tokens
                </figcaption>
              </figure>
            ))}
          </div>
          <p className="muted sees-note">
            {sample.note} Shaded: tokens that lie in the other crop. Same colour: the same place in both crops.
          </p>
        </>
      )}
    </div>
  );
}

function Overview({ sample }: { sample: RunSample }) {
  const [a, b] = sample.views;
  const { square, overlap } = sample;
  return (
    <>
      <rect className="sees-square" x={square.x} y={square.y} width={square.width} height={square.height} vectorEffect="non-scaling-stroke" />
      {overlap && <rect className="sees-overlap" x={overlap.x} y={overlap.y} width={overlap.width} height={overlap.height} />}
      {sample.views.map((v, i) => (
        <rect key={i} className={`sees-box ${VIEW_CLASSES[i]}`} x={v.box.x} y={v.box.y} width={v.box.width} height={v.box.height} vectorEffect="non-scaling-stroke" />
      ))}
      {sample.pairs.map(([ta, tb], i) => {
        const p = centreOf(tokenRect(a, ta));
        const q = centreOf(tokenRect(b, tb));
        return <line key={i} className="sees-pair-line" x1={p.x} y1={p.y} x2={q.x} y2={q.y} stroke={colorAt(i)} vectorEffect="non-scaling-stroke" />;
      })}
    </>
  );
}

function Crop({ view, viewClass, pairs }: { view: View; viewClass: string; pairs: readonly number[] }) {
  return (
    <>
      {view.overlap.map((inside, t) => {
        if (!inside) return null;
        const r = tokenRect(view, t);
        return <rect key={t} className="sees-overlap-token" x={r.x} y={r.y} width={r.width} height={r.height} />;
      })}
      {gridLines(view).map((l, i) => (
        <line key={i} className="sees-grid" {...l} vectorEffect="non-scaling-stroke" />
      ))}
      {pairs.map((t, i) => {
        const r = tokenRect(view, t);
        return <rect key={i} className="sees-pair-token" x={r.x} y={r.y} width={r.width} height={r.height} fill={colorAt(i)} stroke={colorAt(i)} vectorEffect="non-scaling-stroke" />;
      })}
      <rect className={`sees-box ${viewClass}`} x={view.box.x} y={view.box.y} width={view.box.width} height={view.box.height} vectorEffect="non-scaling-stroke" />
    </>
  );
}

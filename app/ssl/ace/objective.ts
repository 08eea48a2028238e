import * as tf from '@tensorflow/tfjs';
import { type AceLossConfig, ACE_LOSS, aceLoss } from '../losses/ace';
import type { Objective } from '../train/step';
import { dinoHeadForwardEach } from '../heads/dino-head';
import { nested, scope } from '../nn/params';
import { type AceBatch, type AceModelConfig, aceStudentSpecs, aceTeacherSpecs, denseOf, studentForward, trunkForward } from './model';

/** ACE (spec §3.3) as an objective of the shared training step. */
type AceTeacherOut = { readonly logits: tf.Tensor2D; readonly denseL: tf.Tensor3D; readonly denseS: tf.Tensor3D };

export const ACE_TERMS = ['total', 'global', 'comp', 'decomp'] as const;

/** The DINO head's weight-normalised last layer, frozen in epoch 0 (DINO's freeze_last_layer). */
export const DINO_LAST_LAYER = 'head.last_layer.weight_v';

export const aceStateShape = (model: AceModelConfig) => ({
  studentSpecs: aceStudentSpecs(model),
  teacherNames: new Set(aceTeacherSpecs(model).map((s) => s.name)),
  centerDim: model.dinoHead.outDim,
});

export function aceObjective(model: AceModelConfig, lossCfg: AceLossConfig = ACE_LOSS): Objective<AceBatch, AceTeacherOut, (typeof ACE_TERMS)[number]> {
  return {
    terms: ACE_TERMS,
    teacherForward(teacher, batches) {
      const trunks = batches.map((batch) => tf.tidy(() => trunkForward(teacher, model, batch)));
      const logits = dinoHeadForwardEach(nested(scope(teacher), 'head.'), model.dinoHead, trunks.map((t) => t.pooled));
      return trunks.map((t, i) => ({ logits: logits[i] as tf.Tensor2D, denseL: denseOf(t.dense, 0), denseS: denseOf(t.dense, 1) }));
    },
    loss(student, batch, t, ctx) {
      if (!ctx.center) throw new Error('ACE needs a centre');
      const s = studentForward(student, model, batch, ctx.forward);
      const loss = aceLoss(
        {
          global: { teacher: t.logits, student: s.logits, center: ctx.center },
          comp: { teacher: t.denseL, student: s.composed, target: batch.compTarget },
          decomp: { teacher: t.denseS, student: s.decomposed, target: batch.decompTarget },
        },
        { ...lossCfg, teacherTemp: ctx.teacherTemp },
      );
      return [loss.total, loss.global, loss.comp, loss.decomp] as tf.Scalar[];
    },
    // Every teacher row, the non-overlap ones included (spec §2.3).
    centerRows: (t) => t.logits,
  };
}

import * as tf from '@tensorflow/tfjs';
import { AdamW } from '../optim/adamw';
import { emaUpdate } from '../optim/ema';
import { cosineSchedule } from '../optim/schedule';
import type { ResultTree } from './compare';
import { type HostTensor, type VectorCase, decodeTensor } from './format';
import { hostDict, hostFrom, list, num, toHost } from './read';

const tfOf = (h: HostTensor): tf.Tensor => tf.tensor(Float32Array.from(h.data), [...h.shape]);

export function cosineScheduleKind(c: VectorCase): ResultTree {
  const values = cosineSchedule({
    baseValue: num(c.params, 'base_value'),
    finalValue: num(c.params, 'final_value'),
    epochs: num(c.params, 'epochs'),
    itersPerEpoch: num(c.params, 'iters_per_epoch'),
    warmupEpochs: num(c.params, 'warmup_epochs'),
    startWarmupValue: num(c.params, 'start_warmup_value'),
  });
  return { values: hostFrom([values.length], values) };
}

export function emaKind(c: VectorCase): ResultTree {
  const teacher = new Map([...hostDict(c.input, 'teacher')].map(([k, h]) => [k, tf.variable(tfOf(h), false)]));
  const student = new Map([...hostDict(c.input, 'student')].map(([k, h]) => [k, tfOf(h)]));
  emaUpdate(teacher, student, num(c.params, 'momentum'));
  const out = { teacher_after: Object.fromEntries([...teacher].map(([k, v]) => [k, toHost(v)])) };
  for (const v of teacher.values()) v.dispose();
  return out;
}

interface WireParam {
  readonly name: string;
  readonly value: unknown;
  readonly grads: readonly unknown[];
  readonly state?: { readonly step: number; readonly exp_avg: unknown; readonly exp_avg_sq: unknown };
}

export function adamwKind(c: VectorCase): ResultTree {
  const [beta1, beta2] = list(c.params, 'betas') as [number, number];
  if (num(c.params, 'clip_eps') !== 1e-6) throw new Error('only clip_eps = 1e-6 is modelled');
  const opt = new AdamW({ beta1, beta2, eps: num(c.params, 'eps'), clip: num(c.params, 'clip_per_tensor') });
  const wire = list(c.input, 'params') as WireParam[];
  const params = new Map(wire.map((w) => [w.name, tf.variable(tfOf(decodeTensor(w.value)), true)]));
  for (const w of wire) {
    if (w.state) opt.setSlot(w.name, w.state.step, decodeTensor(w.state.exp_avg).data, decodeTensor(w.state.exp_avg_sq).data);
  }
  const snapshot = (pick: (name: string, p: tf.Variable) => ArrayLike<number>): ResultTree =>
    Object.fromEntries([...params].map(([name, p]) => [name, hostFrom(p.shape, pick(name, p))]));
  const out: Record<string, ResultTree[]> = { values_after: [], exp_avg: [], exp_avg_sq: [], grad_norms: [], param_step: [] };
  const steps = list(c.params, 'steps');
  for (let s = 0; s < steps.length; s++) {
    const hyper = steps[s] as Record<string, unknown>;
    const grads = new Map(wire.map((w) => [w.name, w.grads[s] == null ? null : tfOf(decodeTensor(w.grads[s]))]));
    const norms = opt.step(params, grads, { lr: num(hyper, 'lr'), weightDecay: num(hyper, 'weight_decay') });
    out.values_after?.push(snapshot((_, p) => p.dataSync()));
    out.exp_avg?.push(snapshot((name, p) => opt.slot(name, p.size).m));
    out.exp_avg_sq?.push(snapshot((name, p) => opt.slot(name, p.size).v));
    out.grad_norms?.push(Object.fromEntries(norms));
    out.param_step?.push(Object.fromEntries(wire.map((w) => [w.name, opt.stepOf(w.name)])));
  }
  for (const p of params.values()) p.dispose();
  return out;
}

import type * as tf from '@tensorflow/tfjs';
import { aceLoss } from '../losses/ace';
import { aceMatchingLoss } from '../losses/ace-matching';
import { barlowTwinsLoss } from '../losses/barlow';
import { dinoGlobalLoss, dinoPlainLoss, updatedCenter } from '../losses/dino';
import { peacGlobalLoss, peacLocalLoss } from '../losses/peac';
import type { ResultTree } from './compare';
import type { VectorCase } from './format';
import { field, host, num, scalar, tensor, toHost } from './read';

const temps = (c: VectorCase) => ({ teacherTemp: num(c.params, 'teacher_temp'), studentTemp: num(c.params, 'student_temp') });

function dinoKind(loss: typeof dinoGlobalLoss) {
  return async (c: VectorCase): Promise<ResultTree> => {
    const teacher = tensor(c.input, 'teacher_logits');
    const center = tensor(c.input, 'center');
    return {
      loss: await scalar(loss(teacher, tensor(c.input, 'student_logits'), center, temps(c))),
      new_center: toHost(updatedCenter(center, teacher, num(c.params, 'center_momentum'))),
    };
  };
}

export const dinoGlobal = dinoKind(dinoGlobalLoss);
export const dinoPlain = dinoKind(dinoPlainLoss);

const matching = (input: Record<string, unknown>) => ({
  teacher: tensor(input, 'teacher') as tf.Tensor3D,
  student: tensor(input, 'student') as tf.Tensor3D,
  target: tensor(input, 'target') as tf.Tensor3D,
});

export async function aceMatching(c: VectorCase): Promise<ResultTree> {
  const m = matching(c.input);
  return { loss: await scalar(aceMatchingLoss(m.teacher, m.student, m.target, num(c.params, 'alpha'), num(c.params, 'scale'))) };
}

export async function aceTotal(c: VectorCase): Promise<ResultTree> {
  const g = field(c.input, 'global');
  const terms = aceLoss(
    {
      global: { teacher: tensor(g, 'teacher_logits'), student: tensor(g, 'student_logits'), center: tensor(g, 'center') },
      comp: matching(field(c.input, 'comp')),
      decomp: matching(field(c.input, 'decomp')),
    },
    {
      ...temps(c),
      globalWeight: num(c.params, 'global_weight'),
      alphaComp: num(c.params, 'alpha_comp'),
      alphaDecomp: num(c.params, 'alpha_decomp'),
      scale: num(c.params, 'scale'),
    },
  );
  return {
    global_loss: await scalar(terms.global),
    comp_loss: await scalar(terms.comp),
    decomp_loss: await scalar(terms.decomp),
    total: await scalar(terms.total),
  };
}

export async function peacGlobal(c: VectorCase): Promise<ResultTree> {
  const t = (k: string): tf.Tensor => tensor(c.input, k);
  const loss = await scalar(peacGlobalLoss(t('g1_s'), t('g2_s'), t('g1_t'), t('g2_t')));
  // Weighted in float64 on the host, as the trainer does with the scalar it logs.
  return { loss, weighted_loss: num(c.params, 'weight') * loss };
}

export async function peacLocal(c: VectorCase): Promise<ResultTree> {
  const t = (k: string): tf.Tensor3D => tensor(c.input, k) as tf.Tensor3D;
  const loss = peacLocalLoss(t('l1_s'), t('l2_s'), t('l1_t'), t('l2_t'), host(c.input, 'mask_1').data, host(c.input, 'mask_2').data, host(c.input, 'shuffled').data);
  return { loss: await scalar(loss) };
}

export async function barlowTwins(c: VectorCase): Promise<ResultTree> {
  const loss = barlowTwinsLoss(tensor(c.input, 'z1') as tf.Tensor2D, tensor(c.input, 'z2') as tf.Tensor2D, num(c.params, 'lambda'), num(c.params, 'eps'));
  return { loss: await scalar(loss) };
}

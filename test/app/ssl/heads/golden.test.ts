import { describeGolden } from '../golden';

const KINDS = ['dino_head_forward', 'dense_head_forward', 'composer_layout', 'decomposer_layout', 'composer_forward', 'decomposer_forward', 'peac_projection_forward'];
describeGolden(KINDS);
describeGolden(KINDS, 'wasm');

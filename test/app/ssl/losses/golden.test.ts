import { describeGolden } from '../golden';

const KINDS = ['dino_global_loss', 'dino_plain_loss', 'ace_matching_loss', 'ace_total_loss', 'peac_global_loss', 'peac_local_loss', 'barlow_twins_loss'];
describeGolden(KINDS);
describeGolden(KINDS, 'wasm');

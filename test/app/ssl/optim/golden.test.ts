import { describeGolden } from '../golden';

const KINDS = ['ema_update', 'cosine_schedule', 'adamw_step'];
describeGolden(KINDS);
describeGolden(KINDS, 'wasm');

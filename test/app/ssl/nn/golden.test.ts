import { describeGolden } from '../golden';

describeGolden(['vit_forward']);
describeGolden(['vit_forward'], 'wasm');

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../app/api/errors';
import { fieldErrors } from '../../../renderer/src/api/fieldErrors';
import { FORM_FIELDS } from '../../../renderer/src/runs/model/settings';

describe('host validation messages on the new-run form', () => {
  it('puts each zod path next to its field and keeps the rest for the form', () => {
    const err = new ApiError(
      'invalid_input',
      'settings.batch: Too small: expected number to be >=1; datasetIds: Choose at least one dataset.; settings.cellSize: Too big: expected number to be <=64; The chosen datasets have 8 imported images, fewer than one batch of 16. Lower the batch size or add images.',
    );
    const { byField, general } = fieldErrors(err, FORM_FIELDS, 'name');
    expect(byField).toEqual({
      'settings.batch': 'Too small: expected number to be >=1',
      datasetIds: 'Choose at least one dataset.',
      'settings.cellSize': 'Too big: expected number to be <=64',
    });
    expect(general).toBe('The chosen datasets have 8 imported images, fewer than one batch of 16. Lower the batch size or add images.');
  });

  it('shows a conflict (pausing a finished run, deleting a running one) as a general message', () => {
    expect(fieldErrors(new ApiError('conflict', 'Run 3 is running; stop it before deleting it.'), FORM_FIELDS)).toEqual({
      byField: {},
      general: 'Run 3 is running; stop it before deleting it.',
    });
  });
});

import type { FeatureSettingsInput } from '../../../../app/api/schemas/explore';

export type Facet = NonNullable<FeatureSettingsInput['facet']>;
export const FACETS: readonly Facet[] = ['token', 'key', 'query', 'value'];

/** The Advanced feature settings as typed: '' means "let the server choose" for every field. */
export interface SettingsForm {
  readonly layer: string;
  readonly facet: '' | Facet;
  readonly inputSize: string;
  readonly stride: string;
  readonly logBin: '' | 'on' | 'off';
}

export type SettingsField = 'layer' | 'inputSize' | 'stride';

export const EMPTY_SETTINGS: SettingsForm = { layer: '', facet: '', inputSize: '', stride: '', logBin: '' };

/** A typed whole number within [min, max], or the message that says what is wrong with it. */
export function parseWhole(text: string, min: number, max: number, what: string): { value: number; error?: undefined } | { value?: undefined; error: string } {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? { value } : { error: `${what} must be a whole number from ${min} to ${max}.` };
}

const LIMITS: Record<SettingsField, { min: number; max: number; what: string }> = {
  layer: { min: -1, max: 63, what: 'Layer' },
  inputSize: { min: 16, max: 2048, what: 'Input size' },
  stride: { min: 1, max: 64, what: 'Stride' },
};

export interface ParsedSettings {
  /** Undefined when every field is left to the server. */
  readonly settings: FeatureSettingsInput | undefined;
  readonly errors: Partial<Record<SettingsField, string>>;
}

/** The form → the API's settings, with a message per field that is not a whole number in its range. */
export function parseSettings(form: SettingsForm): ParsedSettings {
  const settings: { -readonly [K in keyof FeatureSettingsInput]: FeatureSettingsInput[K] } = {};
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const field of ['layer', 'inputSize', 'stride'] as const) {
    const text = form[field].trim();
    if (text === '') continue;
    const { min, max, what } = LIMITS[field];
    const parsed = parseWhole(text, min, max, what);
    if (parsed.error !== undefined) errors[field] = parsed.error;
    else settings[field] = parsed.value;
  }
  if (form.facet !== '') settings.facet = form.facet;
  if (form.logBin !== '') settings.logBin = form.logBin === 'on';
  return { settings: Object.keys(settings).length > 0 ? settings : undefined, errors };
}

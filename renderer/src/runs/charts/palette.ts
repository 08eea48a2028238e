/** Calm, distinguishable line colours (Tableau 10, slightly darkened for a white background). */
export const PALETTE = ['#1f5f99', '#d9711c', '#2f8f4e', '#b8322f', '#7451a6', '#8a5a44', '#c2558f', '#5f6b7a', '#9a9424', '#1b8a9a'];

export const colorAt = (i: number): string => PALETTE[i % PALETTE.length]!;

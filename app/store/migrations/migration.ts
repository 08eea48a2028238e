export interface Migration {
  /** Strictly increasing, starting at 1; never reuse or edit a released one. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

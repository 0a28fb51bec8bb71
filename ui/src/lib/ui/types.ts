/** What a Field gives the control it wraps. */
export interface FieldA11y {
  describedby: string | undefined;
  invalid: 'true' | undefined;
}

export interface SelectOption {
  value: string;
  label: string;
}

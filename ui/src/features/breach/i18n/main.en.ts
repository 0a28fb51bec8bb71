// breach screens — en. Spread into src/i18n/en.ts; the same keys are in main.fr.ts.

export default {
  'breach.page.title': 'Data breaches',
};

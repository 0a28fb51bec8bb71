// Catalog keys of the processor activity form's sections, so that components pick them by
// value with a checked key.

import type { MessageKey } from '../../../i18n/index.svelte';
import type { Section } from './form';

export const SECTION_TITLE: Record<Section, MessageKey> = {
  identity: 'register.processor.section.identity',
  categories: 'register.processor.section.categories',
  clients: 'register.processor.section.clients',
  sub_processors: 'register.processor.section.sub_processors',
  transfers: 'register.processor.section.transfers',
  security: 'register.processor.section.security',
  notes: 'register.processor.section.notes',
};

/** What each section means, in plain words, with an example. */
export const SECTION_INTRO: Record<Section, MessageKey> = {
  identity: 'register.processor.section.identity.intro',
  categories: 'register.processor.section.categories.intro',
  clients: 'register.processor.section.clients.intro',
  sub_processors: 'register.processor.section.sub_processors.intro',
  transfers: 'register.processor.section.transfers.intro',
  security: 'register.processor.section.security.intro',
  notes: 'register.processor.section.notes.intro',
};

// Catalog keys of the editor's fixed vocabulary (steps, levels, zones), so that components
// pick them by value with a checked key.

import type { MessageKey } from '../../../i18n/index.svelte';
import type { GapLevel, Step, Zone } from '../model';

export const STEP_TITLE: Record<Step, MessageKey> = {
  identity: 'register.editor.step.identity',
  purposes: 'register.editor.step.purposes',
  persons: 'register.editor.step.persons',
  data: 'register.editor.step.data',
  sensitive: 'register.editor.step.sensitive',
  origin: 'register.editor.step.origin',
  recipients: 'register.editor.step.recipients',
  transfers: 'register.editor.step.transfers',
  security: 'register.editor.step.security',
  review: 'register.editor.step.review',
};

/** The question each step asks, in plain words (guided mode). */
export const STEP_INTRO: Record<Step, MessageKey> = {
  identity: 'register.editor.step.identity.intro',
  purposes: 'register.editor.step.purposes.intro',
  persons: 'register.editor.step.persons.intro',
  data: 'register.editor.step.data.intro',
  sensitive: 'register.editor.step.sensitive.intro',
  origin: 'register.editor.step.origin.intro',
  recipients: 'register.editor.step.recipients.intro',
  transfers: 'register.editor.step.transfers.intro',
  security: 'register.editor.step.security.intro',
  review: 'register.editor.step.review.intro',
};

export const LEVEL_LABEL: Record<GapLevel, MessageKey> = {
  mandatory: 'register.editor.level.mandatory',
  where_possible: 'register.editor.level.where_possible',
  recommended: 'register.editor.level.recommended',
  inconsistency: 'register.editor.level.inconsistency',
};

export const ZONE_LABEL: Record<Zone, MessageKey> = {
  eu: 'register.editor.zone.eu',
  eea: 'register.editor.zone.eea',
  adequate: 'register.editor.zone.adequate',
  partially_adequate: 'register.editor.zone.partially_adequate',
  third_country: 'register.editor.zone.third_country',
};

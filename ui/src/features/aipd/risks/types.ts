// The core's AIPD command results that the risk screens read (src/aipd/assets.rs,
// src/aipd/workflow.rs, the shell's `aipd_reference`), as model.ts mirrors them. One import
// point for the risk screens, so that they follow model.ts rather than keep their own copy.

export type {
  AipdAssets,
  AipdGap,
  AipdReference,
  HighRiskRef,
  KnowledgeEntry,
  Progress,
  ScaleLevel,
  Scales,
  Section,
  SectionProgress,
  Suggestion,
  Suggestions,
  Transition,
  VersionRow,
} from '../model';
export { SECTIONS } from '../model';

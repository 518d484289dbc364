// The wall's choice of grading (URL `grade=`), apart from the grading itself (mos-grade.ts) so
// that reading a URL does not pull the grading code into every page's first paint.

/** `headroom`: MOS below the codec's ceiling (the default); `mos`: absolute MOS bands. */
export type GradeMode = 'headroom' | 'mos';

export const GRADE_MODES: readonly GradeMode[] = ['headroom', 'mos'];
export const DEFAULT_GRADE_MODE: GradeMode = 'headroom';

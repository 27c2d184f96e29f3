/**
 * The parts of a mosaic's layout that no language changes. Numbering styles, markers and
 * separators between unnumbered items are the pack's (pack.ts).
 */

/** Between numbered items: the labels already mark the boundaries. */
export const NUMBERED_SEPARATOR = '\n\n';

/**
 * Between the meta-instruction and the block of instructions. The meta-instruction is one
 * paragraph, so it always ends at the first blank line (or starts after the last one).
 */
export const META_SEPARATOR = '\n\n';

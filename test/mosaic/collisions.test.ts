/** Which layout styles a text hides, with the English pack's styles. */
import { describe, expect, it } from 'vitest';
import { CHINESE } from '../../src/language/chinese.js';
import { ENGLISH } from '../../src/language/english.js';
import { boundariesVisible, collisionsOf, joinCollisions, NO_COLLISIONS } from '../../src/mosaic/collisions.js';

const styleIndex = (instruction: string) => ENGLISH.numbering.findIndex((s) => s.instruction === instruction);
const separatorIndex = (separator: string) => ENGLISH.separators.indexOf(separator);
const markerIndex = (open: string) => ENGLISH.markers.findIndex((m) => m.open === open);
const bit = (i: number) => {
  expect(i).toBeGreaterThanOrEqual(0);
  return 1 << i;
};

describe('collisionsOf', () => {
  it('a numbered list hides the "1. " style, and only that numbering style', () => {
    const c = collisionsOf('Three tips:\n1. Sleep\n2. Eat well\n  3. Walk', ENGLISH);
    expect(c.numbering).toBe(bit(styleIndex('{n}. ')));
  });

  it('labels of a style hide it whether they look like its instruction or its answer label, in any case', () => {
    expect(collisionsOf('Instruction 3: do it', ENGLISH).numbering).toBe(bit(styleIndex('Instruction {n}:\n')));
    expect(collisionsOf('notes\nanswer 12: 42', ENGLISH).numbering).toBe(bit(styleIndex('Instruction {n}:\n')));
    expect(collisionsOf('Q1: why?\nA1: because', ENGLISH).numbering).toBe(bit(styleIndex('Q{n}: ')));
    expect(collisionsOf('[2] see above', ENGLISH).numbering).toBe(bit(styleIndex('[{n}] ')));
    expect(collisionsOf('(3) third', ENGLISH).numbering).toBe(bit(styleIndex('({n}) ')));
    expect(collisionsOf('### Task 4', ENGLISH).numbering).toBe(bit(styleIndex('### Task {n}\n')));
    expect(collisionsOf('Response #5 was late', ENGLISH).numbering).toBe(bit(styleIndex('Prompt #{n}\n')));
  });

  it('Chinese labels collide with or without the space, with either colon, in full-width digits', () => {
    const style = CHINESE.numbering.findIndex((s) => s.instruction === '问题 {n}：');
    const list = CHINESE.numbering.findIndex((s) => s.instruction === '{n}. ');
    expect(style).toBeGreaterThanOrEqual(0);
    for (const line of ['问题1：什么', '问题 2: 什么', '答案３：好']) expect(collisionsOf(line, CHINESE).numbering & (1 << style), line).not.toBe(0);
    expect(collisionsOf('１. 第一步', CHINESE).numbering & (1 << list)).not.toBe(0);
  });

  it('a label indented with full-width or no-break spaces is a label; a line of them is blank', () => {
    const list = CHINESE.numbering.findIndex((st) => st.instruction === '{n}、');
    expect(list).toBeGreaterThanOrEqual(0);
    expect(collisionsOf('熊猫：\n\u3000\u30001、爱吃竹子', CHINESE).numbering & (1 << list)).not.toBe(0);
    expect(collisionsOf('one\n\u3000\u3000\ntwo', ENGLISH).separators).toBe(bit(separatorIndex('\n\n')));
    expect(collisionsOf('one\n\u00a0\ntwo', ENGLISH).separators).toBe(bit(separatorIndex('\n\n')));
  });

  it('a label inside a line is no label', () => {
    expect(collisionsOf('See step 1. Then answer 2: yes [3] (4)', ENGLISH).numbering).toBe(0);
  });

  it('a blank line hides the blank-line separator only', () => {
    expect(collisionsOf('para one\n\npara two', ENGLISH).separators).toBe(bit(separatorIndex('\n\n')));
    expect(collisionsOf('para one\n \t\r\npara two', ENGLISH).separators).toBe(bit(separatorIndex('\n\n')));
    expect(collisionsOf('line one\nline two', ENGLISH).separators).toBe(0);
  });

  it('a rule line hides the separator of the same character, whatever its length or spacing', () => {
    expect(collisionsOf('a\n-----\nb', ENGLISH).separators).toBe(bit(separatorIndex('\n\n---\n\n')));
    expect(collisionsOf('a\n***\nb', ENGLISH).separators).toBe(bit(separatorIndex('\n\n* * *\n\n')));
    expect(collisionsOf('a\n  ####\r\nb', ENGLISH).separators).toBe(bit(separatorIndex('\n\n###\n\n')));
    expect(collisionsOf('### Heading\n-- dash', ENGLISH).separators).toBe(0);
  });

  it('a marker string anywhere hides its marker style, in any case', () => {
    expect(collisionsOf('use <Answer> tags', ENGLISH).markers).toBe(bit(markerIndex('<answer>')));
    expect(collisionsOf('x </response> y', ENGLISH).markers).toBe(bit(markerIndex('<response>')));
    expect(collisionsOf('cat <<< EOF', ENGLISH).markers).toBe(bit(markerIndex('<<<')));
    expect(collisionsOf('[end]', ENGLISH).markers).toBe(bit(markerIndex('[BEGIN]')));
  });
});

describe('boundariesVisible', () => {
  it('holds while a numbering style or a separator is free', () => {
    const allNumbering = (1 << ENGLISH.numbering.length) - 1;
    const allSeparators = (1 << ENGLISH.separators.length) - 1;
    expect(boundariesVisible(NO_COLLISIONS, ENGLISH)).toBe(true);
    expect(boundariesVisible({ numbering: allNumbering, separators: 0, markers: 0 }, ENGLISH)).toBe(true);
    expect(boundariesVisible({ numbering: 0, separators: allSeparators, markers: 0 }, ENGLISH)).toBe(true);
    expect(boundariesVisible({ numbering: allNumbering, separators: allSeparators, markers: 0 }, ENGLISH)).toBe(false);
  });

  it('a text with every label and every separator line hides all boundaries', () => {
    const everything = [
      '1. a', 'Instruction 1: b', '[1] c', '(1) d', '### Task 1', 'Q1: e', 'Prompt #1', '', '---', '* * *', '###',
    ].join('\n');
    expect(boundariesVisible(collisionsOf(everything, ENGLISH), ENGLISH)).toBe(false);
    const half = joinCollisions(collisionsOf('1. a\n\nb', ENGLISH), collisionsOf('Q1: x', ENGLISH));
    expect(boundariesVisible(half, ENGLISH)).toBe(true);
  });
});

/**
 * Every sentence mosaic-it writes into a meta-instruction lives in this file, so the
 * wording can be reviewed, translated or extended in one place.
 *
 * Placeholders, filled by templates/fill.ts:
 *   {count}     number of instructions in the sample
 *   {where}     "below" or "above", wherever the instructions stand relative to this text
 *   {sequence}  an explicit answer order, e.g. "3, 1, 2"
 *   {list}      instruction numbers to skip, e.g. "2 and 5"
 *   {n}         how many instructions to skip
 *   {open} {close}  the answer markers, quoted
 *   {label}     the label of the first answer, quoted, e.g. "Answer 3:"
 *
 * Sentences must stay true for every sample they can be given: a rule sentence only
 * states what the composer guarantees (see mosaic/rules). "one" variants are used when
 * the quantity they speak of is 1, "many" variants otherwise.
 */

export const PRIMARY: readonly string[] = [
  'Answer each of the {count} instructions {where}, in the order they are given.',
  'There are {count} separate tasks {where}. Respond to every one of them, starting with the first and keeping their order.',
  'Handle the {count} requests {where} one after another: first the first one, then the second, and so on to the last.',
  'Reply to all {count} instructions {where}, one by one, in their original order.',
  'Work through the {count} prompts {where} from first to last and give an answer to each.',
  'Complete the {count} tasks {where} in sequence, answering each of them fully.',
];

export const PERMUTE: Readonly<Record<string, readonly string[]>> = {
  reverse: [
    'Answer the {count} instructions {where} in reverse order: start with the last one and end with the first.',
    'Respond to the {count} tasks {where} backwards, beginning with the final task and finishing with the first.',
    'Take the {count} instructions {where} in reverse: the last one is answered first, the first one last.',
    'Reply to all {count} prompts {where}, but in the opposite of the order they are listed in.',
    'Go through the {count} requests {where} from the bottom up, answering the last request first.',
  ],
  random: [
    'Answer the {count} numbered instructions {where} in exactly this order: {sequence}.',
    'Respond to all {count} tasks {where}, taking them in the order {sequence}.',
    'Reply to the {count} numbered prompts {where} following this sequence of numbers: {sequence}.',
    'Do not answer the {count} instructions {where} in the order listed; use the order {sequence} instead.',
    'Give your answers to the {count} requests {where} in the order {sequence}.',
  ],
  alpha: [
    'Answer the {count} instructions {where} in alphabetical order of their text, ignoring upper and lower case.',
    'Sort the {count} tasks {where} alphabetically by their wording (case does not matter) and respond to them in that order.',
    'Respond to the {count} prompts {where} from A to Z: order them alphabetically by their text, regardless of capitalization.',
    'Reply to all {count} instructions {where}, arranged in case-insensitive alphabetical order of their text.',
    'First put the {count} requests {where} in alphabetical order by their full text, treating capitals and lowercase alike, then answer them in that order.',
  ],
  'alpha-desc': [
    'Answer the {count} instructions {where} in reverse alphabetical order of their text, ignoring upper and lower case.',
    'Sort the {count} tasks {where} alphabetically by their wording (case does not matter) and respond to them from the last to the first.',
    'Respond to the {count} prompts {where} from Z to A: order them by their text, regardless of capitalization, and start with the one that comes last alphabetically.',
    'Reply to all {count} instructions {where}, arranged in case-insensitive alphabetical order of their text, but descending.',
    'Put the {count} requests {where} in alphabetical order by their full text, treating capitals and lowercase alike, then answer them starting from the end of that order.',
  ],
  words: [
    'Answer the {count} instructions {where} from the one with the fewest words to the one with the most words.',
    'Respond to the {count} tasks {where} ordered by length in words, shortest first.',
    'Count the words in each of the {count} prompts {where} and answer them in increasing order of that count.',
    'Reply to all {count} instructions {where}, beginning with the one that has the fewest words and ending with the wordiest.',
    'Order the {count} requests {where} by word count, smallest to largest, and answer them in that order.',
  ],
  'words-desc': [
    'Answer the {count} instructions {where} from the one with the most words to the one with the fewest words.',
    'Respond to the {count} tasks {where} ordered by length in words, longest first.',
    'Count the words in each of the {count} prompts {where} and answer them in decreasing order of that count.',
    'Reply to all {count} instructions {where}, beginning with the wordiest and ending with the one that has the fewest words.',
    'Order the {count} requests {where} by word count, largest to smallest, and answer them in that order.',
  ],
  chars: [
    'Answer the {count} instructions {where} from the shortest to the longest, measuring length in characters.',
    'Respond to the {count} tasks {where} in increasing order of their length in characters.',
    'Count the characters of each of the {count} prompts {where} and answer the shortest first, the longest last.',
    'Reply to all {count} instructions {where}, ordered by character count from smallest to largest.',
    'Order the {count} requests {where} by how many characters they contain, fewest first, and answer them in that order.',
  ],
  'chars-desc': [
    'Answer the {count} instructions {where} from the longest to the shortest, measuring length in characters.',
    'Respond to the {count} tasks {where} in decreasing order of their length in characters.',
    'Count the characters of each of the {count} prompts {where} and answer the longest first, the shortest last.',
    'Reply to all {count} instructions {where}, ordered by character count from largest to smallest.',
    'Order the {count} requests {where} by how many characters they contain, most first, and answer them in that order.',
  ],
  'odd-even': [
    'Answer the odd-numbered instructions {where} first and the even-numbered ones after them, each group in increasing order.',
    'Of the {count} numbered tasks {where}, respond to those with odd numbers first, then to those with even numbers, keeping ascending order within each group.',
    'Reply to the {count} prompts {where} in two passes: first every odd-numbered prompt, then every even-numbered one, lowest number first in both passes.',
    'Start with the instructions {where} whose numbers are odd, in ascending order, and then answer the even-numbered instructions, also in ascending order.',
    'Handle the odd-numbered requests {where} before the even-numbered ones; within each set, go from the lowest number to the highest.',
  ],
  'even-odd': [
    'Answer the even-numbered instructions {where} first and the odd-numbered ones after them, each group in increasing order.',
    'Of the {count} numbered tasks {where}, respond to those with even numbers first, then to those with odd numbers, keeping ascending order within each group.',
    'Reply to the {count} prompts {where} in two passes: first every even-numbered prompt, then every odd-numbered one, lowest number first in both passes.',
    'Start with the instructions {where} whose numbers are even, in ascending order, and then answer the odd-numbered instructions, also in ascending order.',
    'Handle the even-numbered requests {where} before the odd-numbered ones; within each set, go from the lowest number to the highest.',
  ],
};

/** Skip sentences; the answered instructions always keep their original order. */
export const MASKOUT: Readonly<Record<string, { readonly one: readonly string[]; readonly many: readonly string[] }>> = {
  random: {
    one: [
      'Of the {count} instructions {where}, ignore instruction {list} and answer all the others in their original order.',
      'Skip instruction {list}; respond to each of the remaining tasks {where}, in order.',
      'Do not answer instruction {list}. Reply to every other prompt {where}, keeping their order.',
      'Leave instruction {list} unanswered and handle the rest of the {count} requests {where} one after another.',
      'Answer the instructions {where} in order, except instruction {list}, which you must leave out.',
    ],
    many: [
      'Of the {count} instructions {where}, ignore instructions {list} and answer all the others in their original order.',
      'Skip instructions {list}; respond to each of the remaining tasks {where}, in order.',
      'Do not answer instructions {list}. Reply to every other prompt {where}, keeping their order.',
      'Leave instructions {list} unanswered and handle the rest of the {count} requests {where} one after another.',
      'Answer the instructions {where} in order, except instructions {list}, which you must leave out.',
    ],
  },
  longest: {
    one: [
      'Ignore the longest of the {count} instructions {where} (the one with the most words) and answer the others in their original order.',
      'Skip the instruction {where} that has the most words; respond to all the rest in order.',
      'Leave out the wordiest of the {count} tasks {where} and reply to the remaining ones in the order given.',
      'Answer every prompt {where} in order except the one with the highest word count.',
      'Find the instruction {where} with the most words, do not answer it, and answer the others one after another.',
    ],
    many: [
      'Ignore the {n} longest of the {count} instructions {where} (those with the most words) and answer the others in their original order.',
      'Skip the {n} instructions {where} that have the most words; respond to all the rest in order.',
      'Leave out the {n} wordiest of the {count} tasks {where} and reply to the remaining ones in the order given.',
      'Answer every prompt {where} in order except the {n} with the highest word counts.',
      'Find the {n} instructions {where} with the most words, do not answer them, and answer the others one after another.',
    ],
  },
  shortest: {
    one: [
      'Ignore the shortest of the {count} instructions {where} (the one with the fewest words) and answer the others in their original order.',
      'Skip the instruction {where} that has the fewest words; respond to all the rest in order.',
      'Leave out the briefest of the {count} tasks {where}, counted in words, and reply to the remaining ones in the order given.',
      'Answer every prompt {where} in order except the one with the lowest word count.',
      'Find the instruction {where} with the fewest words, do not answer it, and answer the others one after another.',
    ],
    many: [
      'Ignore the {n} shortest of the {count} instructions {where} (those with the fewest words) and answer the others in their original order.',
      'Skip the {n} instructions {where} that have the fewest words; respond to all the rest in order.',
      'Leave out the {n} briefest of the {count} tasks {where}, counted in words, and reply to the remaining ones in the order given.',
      'Answer every prompt {where} in order except the {n} with the lowest word counts.',
      'Find the {n} instructions {where} with the fewest words, do not answer them, and answer the others one after another.',
    ],
  },
  odd: {
    one: [],
    many: [
      'Ignore the odd-numbered instructions {where}; answer only the even-numbered ones, in increasing order.',
      'Skip every task {where} with an odd number and respond to those with even numbers, in order.',
      'Of the {count} numbered prompts {where}, reply only to the even-numbered ones and leave the odd-numbered ones unanswered.',
      'Answer only the instructions {where} that carry an even number, in order, and give no answer to any odd-numbered one.',
      'Leave out all requests {where} whose number is odd; handle the even-numbered requests one after another.',
    ],
  },
  even: {
    one: [],
    many: [
      'Ignore the even-numbered instructions {where}; answer only the odd-numbered ones, in increasing order.',
      'Skip every task {where} with an even number and respond to those with odd numbers, in order.',
      'Of the {count} numbered prompts {where}, reply only to the odd-numbered ones and leave the even-numbered ones unanswered.',
      'Answer only the instructions {where} that carry an odd number, in order, and give no answer to any even-numbered one.',
      'Leave out all requests {where} whose number is even; handle the odd-numbered requests one after another.',
    ],
  },
};

/** Stated whenever answers carry numbers; {label} is a real example, the first answer's label. */
export const LABEL_CLAUSES: readonly string[] = [
  'Begin each answer with a label like {label}, carrying the number of the instruction it answers.',
  'Mark every answer with the number of its instruction, written the way {label} is written.',
  'Start each response with its label in the form {label}, using the number of the instruction being answered.',
  'Head each answer with the number of its instruction, in the same form as {label}.',
  'Prefix every reply with a label such as {label}, where the number is that of the corresponding instruction.',
];

/** Stated whenever answers are wrapped in markers (the format layer). */
export const MARKER_CLAUSES: { readonly one: readonly string[]; readonly many: readonly string[] } = {
  one: [
    'Put your answer between the markers {open} and {close}, each on its own line.',
    'Wrap the answer in {open} and {close}, placing each marker on a separate line.',
    'Enclose your response with {open} on the line before it and {close} on the line after it.',
    'Your reply must open with a line containing only {open} and close with a line containing only {close}.',
    'Write {open} on a line of its own, then the answer, then {close} on a line of its own.',
  ],
  many: [
    'Put each answer between the markers {open} and {close}, each on its own line.',
    'Wrap every answer in {open} and {close}, placing each marker on a separate line.',
    'Enclose each response with {open} on the line before it and {close} on the line after it.',
    'Every reply must open with a line containing only {open} and close with a line containing only {close}.',
    'For each answer, write {open} on a line of its own, then the answer, then {close} on a line of its own.',
  ],
};

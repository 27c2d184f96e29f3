import type { LanguagePack } from './pack.js';

/**
 * The English pack. Every sentence must stay true for every sample it can be given: a
 * rule sentence states only what the composer guarantees (the rule tables, strategies/), reads
 * naturally for each count it is chosen for (see Forms in pack.ts), and never puts
 * punctuation right after a quoted label or marker, which may end in punctuation itself.
 */
export const ENGLISH: LanguagePack = {
  name: 'en',
  version: '2',
  locale: 'en',
  scripts: ['Latin'],
  plural: true,
  numerals: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
  quotes: ['"', '"'],
  list: { comma: ', ', and: ' and ' },
  sequence: ', ',
  where: { below: 'below', above: 'above' },
  clauseSeparator: ' ',
  alphabetScripts: ['Latin'],
  alphabetHead: { unit: 'words', count: 3 },
  cutMeasure: 'words',

  primary: {
    two: [
      'Answer both instructions {where}, in the order they are given.',
      'There are two separate tasks {where}. Respond to both of them, the first one first.',
      'Handle the two requests {where} one after the other, starting with the first.',
      'Reply to each of the two prompts {where}, keeping their original order.',
      'Work through the two instructions {where} in order and answer both of them.',
    ],
    many: [
      'Answer each of the {count} instructions {where}, in the order they are given.',
      'There are {count} separate tasks {where}. Respond to every one of them, starting with the first and keeping their order.',
      'Handle the {count} requests {where} one after another: first the first one, then the second, and so on to the last.',
      'Reply to every one of the {count} instructions {where}, one by one, in their original order.',
      'Work through the {count} prompts {where} from first to last and give an answer to each.',
      'Complete the {count} tasks {where} in sequence, answering each of them fully.',
    ],
  },

  permute: {
    reverse: {
      two: [
        'Answer the two instructions {where} in reverse order: the second one first, then the first.',
        'Respond to both tasks {where}, but start with the second and finish with the first.',
        'Take the two prompts {where} the other way round and answer the second one before the first.',
        'Reply to the two requests {where} in the opposite of the order they are listed in.',
        'Give your answer to the second instruction {where} first and your answer to the first instruction after it.',
      ],
      many: [
        'Answer the {count} instructions {where} in reverse order: start with the last one and end with the first.',
        'Respond to the {count} tasks {where} backwards, beginning with the final task and finishing with the first.',
        'Take the {count} instructions {where} in reverse: the last one is answered first, the first one last.',
        'Reply to the {count} prompts {where} in the opposite of the order they are listed in.',
        'Go through the {count} requests {where} from the bottom up, answering the last request first.',
      ],
    },
    random: {
      many: [
        'Answer the {count} numbered instructions {where} in exactly this order: {sequence}.',
        'Respond to the {count} tasks {where}, taking them in the order {sequence}.',
        'Reply to the {count} numbered prompts {where} following this sequence of numbers: {sequence}.',
        'Instead of the order in which they are listed, answer the {count} instructions {where} in the order {sequence}.',
        'Give your answers to the {count} requests {where} in the order {sequence}.',
      ],
    },
    alpha: {
      many: [
        'Answer the {count} instructions {where} in alphabetical order of their text, ignoring upper and lower case.',
        'Sort the {count} tasks {where} alphabetically by their wording (case does not matter) and respond to them in that order.',
        'Respond to the {count} prompts {where} from A to Z: order them alphabetically by their text, regardless of capitalization.',
        'Reply to the {count} instructions {where} arranged in case-insensitive alphabetical order of their text.',
        'First put the {count} requests {where} in alphabetical order by their wording, treating capitals and lowercase alike, then answer them in that order.',
      ],
    },
    'alpha-desc': {
      many: [
        'Answer the {count} instructions {where} in reverse alphabetical order of their text, ignoring upper and lower case.',
        'Sort the {count} tasks {where} alphabetically by their wording (case does not matter) and respond to them from the last to the first.',
        'Respond to the {count} prompts {where} from Z to A: order them by their text, regardless of capitalization, and start with the one that comes last alphabetically.',
        'Reply to the {count} instructions {where} arranged in case-insensitive alphabetical order of their text, but descending.',
        'Put the {count} requests {where} in alphabetical order by their wording, treating capitals and lowercase alike, then answer them starting from the end of that order.',
      ],
    },
    words: {
      two: [
        'Answer the two instructions {where} starting with the one that has fewer words.',
        'Respond first to whichever of the two tasks {where} is shorter in words, then to the other one.',
        'Count the words in both prompts {where} and answer the one with fewer words first.',
        'Of the two requests {where}, answer the one with fewer words first and the wordier one second.',
        'Reply to both instructions {where}, the one with the smaller word count first.',
      ],
      many: [
        'Answer the {count} instructions {where} from the one with the fewest words to the one with the most words.',
        'Respond to the {count} tasks {where} ordered by length in words, shortest first.',
        'Count the words in each of the {count} prompts {where} and answer them in increasing order of that count.',
        'Reply to the {count} instructions {where}, beginning with the one that has the fewest words and ending with the wordiest.',
        'Order the {count} requests {where} by word count, smallest to largest, and answer them in that order.',
      ],
    },
    'words-desc': {
      two: [
        'Answer the two instructions {where} starting with the one that has more words.',
        'Respond first to whichever of the two tasks {where} is longer in words, then to the other one.',
        'Count the words in both prompts {where} and answer the one with more words first.',
        'Of the two requests {where}, answer the wordier one first and the one with fewer words second.',
        'Reply to both instructions {where}, the one with the larger word count first.',
      ],
      many: [
        'Answer the {count} instructions {where} from the one with the most words to the one with the fewest words.',
        'Respond to the {count} tasks {where} ordered by length in words, longest first.',
        'Count the words in each of the {count} prompts {where} and answer them in decreasing order of that count.',
        'Reply to the {count} instructions {where}, beginning with the wordiest and ending with the one that has the fewest words.',
        'Order the {count} requests {where} by word count, largest to smallest, and answer them in that order.',
      ],
    },
    chars: {
      two: [
        'Answer the two instructions {where} starting with the shorter one, counting characters but not spaces or line breaks.',
        'Of the two tasks {where}, respond first to the one with fewer characters (spaces and line breaks not counted).',
        'Count the characters of both prompts {where}, leaving out spaces and line breaks, and answer the shorter one first.',
        'Reply to both requests {where}, the one with fewer characters first; spaces and line breaks do not count as characters.',
        'Measure the two instructions {where} in characters, ignoring spaces and line breaks, and answer the shorter one before the longer one.',
      ],
      many: [
        'Answer the {count} instructions {where} from the shortest to the longest, measuring length in characters without spaces or line breaks.',
        'Respond to the {count} tasks {where} in increasing order of their length in characters, not counting spaces and line breaks.',
        'Count the characters of each of the {count} prompts {where}, leaving out spaces and line breaks, and answer the shortest first and the longest last.',
        'Reply to the {count} instructions {where} ordered by character count from smallest to largest, where spaces and line breaks do not count.',
        'Order the {count} requests {where} by how many characters they contain, ignoring spaces and line breaks, fewest first, and answer them in that order.',
      ],
    },
    'chars-desc': {
      two: [
        'Answer the two instructions {where} starting with the longer one, counting characters but not spaces or line breaks.',
        'Of the two tasks {where}, respond first to the one with more characters (spaces and line breaks not counted).',
        'Count the characters of both prompts {where}, leaving out spaces and line breaks, and answer the longer one first.',
        'Reply to both requests {where}, the one with more characters first; spaces and line breaks do not count as characters.',
        'Measure the two instructions {where} in characters, ignoring spaces and line breaks, and answer the longer one before the shorter one.',
      ],
      many: [
        'Answer the {count} instructions {where} from the longest to the shortest, measuring length in characters without spaces or line breaks.',
        'Respond to the {count} tasks {where} in decreasing order of their length in characters, not counting spaces and line breaks.',
        'Count the characters of each of the {count} prompts {where}, leaving out spaces and line breaks, and answer the longest first and the shortest last.',
        'Reply to the {count} instructions {where} ordered by character count from largest to smallest, where spaces and line breaks do not count.',
        'Order the {count} requests {where} by how many characters they contain, ignoring spaces and line breaks, most first, and answer them in that order.',
      ],
    },
    'odd-even': {
      many: [
        'Answer the odd-numbered instructions {where} first and the even-numbered ones after them, each group in increasing order.',
        'Of the {count} numbered tasks {where}, respond to those with odd numbers first, then to those with even numbers, keeping ascending order within each group.',
        'Reply to the {count} prompts {where} in two passes: first every odd-numbered prompt, then every even-numbered one, lowest number first in both passes.',
        'Start with the instructions {where} whose numbers are odd, in ascending order, and then answer the even-numbered instructions, also in ascending order.',
        'Handle the odd-numbered requests {where} before the even-numbered ones; within each set, go from the lowest number to the highest.',
      ],
    },
    'even-odd': {
      many: [
        'Answer the even-numbered instructions {where} first and the odd-numbered ones after them, each group in increasing order.',
        'Of the {count} numbered tasks {where}, respond to those with even numbers first, then to those with odd numbers, keeping ascending order within each group.',
        'Reply to the {count} prompts {where} in two passes: first every even-numbered prompt, then every odd-numbered one, lowest number first in both passes.',
        'Start with the instructions {where} whose numbers are even, in ascending order, and then answer the odd-numbered instructions, also in ascending order.',
        'Handle the even-numbered requests {where} before the odd-numbered ones; within each set, go from the lowest number to the highest.',
      ],
    },
  },

  // The answered instructions always keep their original order.
  maskout: {
    random: {
      two: [
        'Of the two instructions {where}, ignore instruction {list}; answer only the other one.',
        'Skip instruction {list}; respond only to the other task {where}.',
        'Leave instruction {list} unanswered, and reply to the remaining prompt {where}.',
        'Answer just one of the two requests {where}: the one that is not instruction {list}.',
        'Give no answer to instruction {list}; answer the other instruction {where} instead.',
      ],
      one: [
        'Of the {count} instructions {where}, ignore instruction {list}; answer all the others in their original order.',
        'Skip instruction {list}; respond to each of the remaining tasks {where}, in order.',
        'Leave instruction {list} unanswered, and reply to every other prompt {where}, keeping their order.',
        'Handle the requests {where} one after another, except instruction {list}, which you must leave out.',
        'Answer the instructions {where} in order, but not instruction {list}.',
      ],
      many: [
        'Of the {count} instructions {where}, ignore instructions {list}; answer all the others in their original order.',
        'Skip instructions {list}; respond to each of the remaining tasks {where}, in order.',
        'Leave instructions {list} unanswered, and reply to every other prompt {where}, keeping their order.',
        'Handle the requests {where} one after another, except instructions {list}, which you must leave out.',
        'Answer the instructions {where} in order, but not instructions {list}.',
      ],
    },
    longest: {
      two: [
        'Of the two instructions {where}, ignore the one with more words and answer only the other one.',
        'Skip whichever of the two tasks {where} has more words and respond to the shorter one.',
        'Leave the wordier of the two prompts {where} unanswered and reply to the other one.',
        'Answer only the instruction {where} with fewer words, and skip the one with more.',
        'Count the words of both requests {where}, ignore the longer one and answer the shorter one.',
      ],
      one: [
        'Ignore the longest of the {count} instructions {where} (the one with the most words) and answer the others in their original order.',
        'Skip the instruction {where} that has the most words and respond to all the rest in order.',
        'Leave out the wordiest of the {count} tasks {where} and reply to the remaining ones in the order given.',
        'Answer every prompt {where} in order except the one with the highest word count.',
        'Find the instruction {where} with the most words, do not answer it, and answer the others one after another.',
      ],
      many: [
        'Ignore the {n} longest of the {count} instructions {where} (those with the most words) and answer the others in their original order.',
        'Skip the {n} instructions {where} that have the most words and respond to all the rest in order.',
        'Leave out the {n} wordiest of the {count} tasks {where} and reply to the remaining ones in the order given.',
        'Answer every prompt {where} in order except the {n} with the highest word counts.',
        'Find the {n} instructions {where} with the most words, do not answer them, and answer the others one after another.',
      ],
    },
    shortest: {
      two: [
        'Of the two instructions {where}, ignore the one with fewer words and answer only the other one.',
        'Skip whichever of the two tasks {where} has fewer words and respond to the longer one.',
        'Leave the shorter of the two prompts {where}, counted in words, unanswered and reply to the other one.',
        'Answer only the instruction {where} with more words, and skip the one with fewer.',
        'Count the words of both requests {where}, ignore the shorter one and answer the longer one.',
      ],
      one: [
        'Ignore the shortest of the {count} instructions {where} (the one with the fewest words) and answer the others in their original order.',
        'Skip the instruction {where} that has the fewest words and respond to all the rest in order.',
        'Leave out the briefest of the {count} tasks {where}, counted in words, and reply to the remaining ones in the order given.',
        'Answer every prompt {where} in order except the one with the lowest word count.',
        'Find the instruction {where} with the fewest words, do not answer it, and answer the others one after another.',
      ],
      many: [
        'Ignore the {n} shortest of the {count} instructions {where} (those with the fewest words) and answer the others in their original order.',
        'Skip the {n} instructions {where} that have the fewest words and respond to all the rest in order.',
        'Leave out the {n} briefest of the {count} tasks {where}, counted in words, and reply to the remaining ones in the order given.',
        'Answer every prompt {where} in order except the {n} with the lowest word counts.',
        'Find the {n} instructions {where} with the fewest words, do not answer them, and answer the others one after another.',
      ],
    },
    odd: {
      many: [
        'Ignore the odd-numbered instructions {where} and answer only the even-numbered ones, in increasing order.',
        'Skip every task {where} with an odd number and respond to those with even numbers, in order.',
        'Of the {count} numbered prompts {where}, reply only to the even-numbered ones and leave the odd-numbered ones unanswered.',
        'Answer only the instructions {where} that carry an even number, in order, and give no answer to any odd-numbered one.',
        'Leave out all requests {where} whose number is odd and handle the even-numbered requests one after another.',
      ],
    },
    even: {
      many: [
        'Ignore the even-numbered instructions {where} and answer only the odd-numbered ones, in increasing order.',
        'Skip every task {where} with an even number and respond to those with odd numbers, in order.',
        'Of the {count} numbered prompts {where}, reply only to the odd-numbered ones and leave the even-numbered ones unanswered.',
        'Answer only the instructions {where} that carry an odd number, in order, and give no answer to any even-numbered one.',
        'Leave out all requests {where} whose number is even and handle the odd-numbered requests one after another.',
      ],
    },
  },

  labelClauses: {
    one: [
      'Begin your answer with the label {label} that gives the number of the instruction it answers.',
      'Mark the answer with the number of its instruction, written the way {label} is written here.',
      'Start the answer with the label {label} so that it carries the number of the instruction being answered.',
      'Put the label {label} before your answer, with the number of the instruction it belongs to.',
      'Prefix your reply with the label {label} where the number is that of the instruction you answer.',
    ],
    many: [
      'Begin each answer with a label such as {label} that gives the number of the instruction it answers.',
      'Mark every answer with the number of its instruction, written the way {label} is written here.',
      'Start each answer with a label in the form {label} using the number of the instruction being answered.',
      'Put a label like {label} before each answer, with the number of the instruction it belongs to.',
      'Prefix every reply with a label such as {label} where the number is that of the corresponding instruction.',
    ],
  },

  markerClauses: {
    one: [
      'Put your answer between the markers {open} and {close} and give each marker a line of its own.',
      'Write {open} on a line by itself, then the answer, then {close} on a line by itself.',
      'Enclose the response in {open} and {close} with each marker on its own line.',
      'Place the answer inside the markers {open} and {close} so that each marker stands alone on its line.',
      'Wrap your reply in {open} and {close} on lines of their own.',
    ],
    many: [
      'Put each answer between the markers {open} and {close} and give each marker a line of its own.',
      'For every answer, write {open} on a line by itself, then the answer, then {close} on a line by itself.',
      'Enclose each response in {open} and {close} with each marker on its own line.',
      'Place every answer inside the markers {open} and {close} so that each marker stands alone on its line.',
      'Wrap each of your answers in {open} and {close} on lines of their own.',
    ],
    labelled: [
      'Put each answer, label included, between the markers {open} and {close} and give each marker a line of its own.',
      'For every answer, write {open} on a line by itself, then the labelled answer, then {close} on a line by itself.',
      'Enclose each answer together with its label in {open} and {close} with each marker on its own line.',
      'Place every labelled answer inside the markers {open} and {close} so that each marker stands alone on its line.',
      'Wrap each labelled answer in {open} and {close} on lines of their own.',
    ],
  },

  numbering: [
    { instruction: '{n}. ', answer: '{n}. ' },
    { instruction: 'Instruction {n}:\n', answer: 'Answer {n}:\n' },
    { instruction: '[{n}] ', answer: '[{n}] ' },
    { instruction: '({n}) ', answer: '({n}) ' },
    { instruction: '### Task {n}\n', answer: '### Answer {n}\n' },
    { instruction: 'Q{n}: ', answer: 'A{n}: ' },
    { instruction: 'Prompt #{n}\n', answer: 'Response #{n}\n' },
  ],
  markers: [
    { open: '<answer>', close: '</answer>' },
    { open: '<response>', close: '</response>' },
    { open: '[BEGIN]', close: '[END]' },
    { open: '<<<', close: '>>>' },
    { open: '=== START ===', close: '=== END ===' },
    { open: '@@ begin @@', close: '@@ end @@' },
  ],
  separators: ['\n\n', '\n\n---\n\n', '\n\n* * *\n\n', '\n\n###\n\n'],
};

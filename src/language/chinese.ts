import type { LanguagePack } from './pack.js';

/**
 * The Chinese (Simplified) pack. The same contract as the English pack: a rule sentence
 * states only what the composer guarantees (the rule tables, strategies/), reads naturally for every
 * count it is chosen for, and never puts punctuation right after a quoted label or marker
 * (a label such as "3." or "3、" ends in punctuation itself): {label}, {open} and {close}
 * are always followed by text.
 *
 * How Chinese differs from English here:
 * - Counts stand right before a measure word: "{count}条指令", "最长的{n}条". numerals[2]
 *   is 两 (两条, never 二条); counts beyond ten are digits ("12条指令" reads fine).
 * - Nouns have no plural, but two instructions still read better said differently
 *   ("两条指令都要回答"), and a single skipped instruction reads better as "那一条".
 * - Ordinals and lists: "第 {list} 条" gives "第 3 条" or "第 2、5 条".
 * - Word counts mean nothing in a script without spaces: the word rules are off. Length is
 *   字数, every sentence says spaces and line breaks are not counted (text-measures.ts).
 * - Alphabetical order is pinyin order (Intl.Collator('zh')), read from the start of
 *   each instruction, so the sentences speak of 开头的拼音.
 * - Sentences end in 。 and follow each other without a space (clauseSeparator '').
 */
export const CHINESE: LanguagePack = {
  name: 'zh',
  version: '1',
  locale: 'zh',
  scripts: ['Han'],
  plural: false,
  numerals: ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'],
  quotes: ['“', '”'],
  list: { comma: '、', and: '、' },
  sequence: '、',
  where: { below: '下面', above: '上面' },
  clauseSeparator: '',
  alphabetScripts: ['Han'],
  alphabetHead: { unit: 'chars', count: 3 },
  cutMeasure: 'chars',

  primary: {
    two: [
      '{where}两条指令都要回答，按给出的顺序先答前一条，再答后一条。',
      '请回答{where}的两条指令，顺序保持不变。',
      '{where}有两个任务，请按原来的顺序逐一完成。',
      '请依次处理{where}的两条请求，不要漏掉任何一条。',
      '{where}两条指令请按原顺序分别作答，先答排在前面的那条。',
    ],
    many: [
      '请按给出的顺序逐条回答{where}的{count}条指令。',
      '{where}共有{count}个任务，请从头到尾依次完成，每个都要回答。',
      '请依次处理{where}的{count}条请求，回答顺序与原文保持一致。',
      '{where}的{count}条指令请逐一作答，顺序不要打乱。',
      '按原来的先后顺序，把{where}{count}条指令全部回答一遍。',
      '请按顺序完成{where}列出的{count}项任务，一项也不要遗漏。',
    ],
  },

  permute: {
    reverse: {
      two: [
        '请按相反的顺序回答{where}的两条指令：先答后一条，再答前一条。',
        '{where}两个任务都要完成，但顺序要倒过来，先做后面那个，再做前面那个。',
        '回答{where}两条指令时把顺序颠倒过来，先答排在后面的那条。',
        '对{where}的两条请求倒序作答：后一条先答，前一条后答。',
        '{where}两条指令都要回答，不过请从后面那条答起。',
      ],
      many: [
        '请倒序回答{where}的{count}条指令：先答最后一条，最前面的一条放到最后答。',
        '{where}的{count}个任务请从后往前依次完成，最前面的那个留到最后。',
        '把{where}{count}条指令的顺序颠倒过来作答，排在最后的最先回答。',
        '请按与原顺序相反的次序回答{where}的{count}条请求。',
        '从{where}最后一条指令答起，逆着顺序往前，把这{count}条指令全部回答完。',
      ],
    },
    random: {
      many: [
        '请严格按照 {sequence} 的顺序回答{where}的{count}条指令。',
        '{where}的{count}条指令不要按原顺序作答，请改按 {sequence} 的顺序回答。',
        '请按编号 {sequence} 的顺序依次回答{where}的{count}个任务。',
        '请按 {sequence} 这个顺序，逐条回答{where}的{count}条请求。',
        '{where}共有{count}条带编号的指令，请依次回答编号为 {sequence} 的指令。',
      ],
    },
    alpha: {
      many: [
        '请按指令开头文字的拼音顺序（从 A 到 Z）回答{where}的{count}条指令。',
        '先把{where}{count}个任务按开头文字的拼音排好序，再按排好的顺序逐一作答。',
        '{where}的{count}条指令请按拼音顺序作答：逐字比较每条指令开头的拼音，靠前的先答。',
        '像查字典那样，按开头文字的拼音给{where}的{count}条请求排序，然后依次回答。',
        '回答{where}{count}条指令时，请按开头文字的拼音从 A 到 Z 排序，再依次作答。',
      ],
    },
    'alpha-desc': {
      many: [
        '请按指令开头文字的拼音倒序（从 Z 到 A）回答{where}的{count}条指令。',
        '先把{where}{count}个任务按开头文字的拼音排好序，再从排在最后的那个开始倒着回答。',
        '{where}的{count}条指令请按拼音倒序作答：逐字比较每条指令开头的拼音，靠后的先答。',
        '像查字典那样，按开头文字的拼音给{where}的{count}条请求排序，然后倒过来依次回答。',
        '回答{where}{count}条指令时，请按开头文字的拼音从 Z 到 A 排序，再依次作答。',
      ],
    },
    // Chinese is written without spaces between words: a word count means nothing.
    words: null,
    'words-desc': null,
    chars: {
      two: [
        '{where}两条指令都要回答，先答字数少的那条（空格和换行不计入字数）。',
        '比较{where}两个任务的字数（不计空格和换行），先完成字数较少的，再完成另一个。',
        '请先回答{where}两条请求中较短的一条，再回答较长的一条；长短按字数算，不计空格和换行。',
        '数一数{where}两条指令各有多少字（空格和换行不算），字少的先答。',
        '按字数从少到多回答{where}的两条指令，空格和换行不计入字数。',
      ],
      many: [
        '请按字数从少到多的顺序回答{where}的{count}条指令（不计空格和换行，标点算在内）。',
        '先数出{where}每个任务的字数（空格和换行不算），再从字数最少的开始，依次完成这{count}个任务。',
        '{where}的{count}条请求按长短排序作答：字数最少的先答，最多的最后答；空格和换行不计入字数。',
        '按字数由少到多排列{where}的{count}条指令，再依次回答，统计字数时不计空格和换行。',
        '把{where}{count}条指令按字数升序排列后逐条作答，字数不含空格和换行。',
      ],
    },
    'chars-desc': {
      two: [
        '{where}两条指令都要回答，先答字数多的那条（空格和换行不计入字数）。',
        '比较{where}两个任务的字数（不计空格和换行），先完成字数较多的，再完成另一个。',
        '请先回答{where}两条请求中较长的一条，再回答较短的一条；长短按字数算，不计空格和换行。',
        '数一数{where}两条指令各有多少字（空格和换行不算），字多的先答。',
        '按字数从多到少回答{where}的两条指令，空格和换行不计入字数。',
      ],
      many: [
        '请按字数从多到少的顺序回答{where}的{count}条指令（不计空格和换行，标点算在内）。',
        '先数出{where}每个任务的字数（空格和换行不算），再从字数最多的开始，依次完成这{count}个任务。',
        '{where}的{count}条请求按长短排序作答：字数最多的先答，最少的最后答；空格和换行不计入字数。',
        '按字数由多到少排列{where}的{count}条指令，再依次回答，统计字数时不计空格和换行。',
        '把{where}{count}条指令按字数降序排列后逐条作答，字数不含空格和换行。',
      ],
    },
    'odd-even': {
      many: [
        '先回答{where}编号为奇数的指令，再回答编号为偶数的指令，每组内部都按编号从小到大排列。',
        '{where}共有{count}条带编号的任务，请先完成单号任务，再完成双号任务，两组都按编号从小到大进行。',
        '分两轮回答{where}的{count}条指令：第一轮答编号为奇数的，第二轮答编号为偶数的，每轮都从小号答起。',
        '{where}的指令中，编号是奇数的先答、是偶数的后答，各自按编号升序排列。',
        '请先按编号升序回答{where}所有奇数号的请求，然后同样按升序回答偶数号的请求。',
      ],
    },
    'even-odd': {
      many: [
        '先回答{where}编号为偶数的指令，再回答编号为奇数的指令，每组内部都按编号从小到大排列。',
        '{where}共有{count}条带编号的任务，请先完成双号任务，再完成单号任务，两组都按编号从小到大进行。',
        '分两轮回答{where}的{count}条指令：第一轮答编号为偶数的，第二轮答编号为奇数的，每轮都从小号答起。',
        '{where}的指令中，编号是偶数的先答、是奇数的后答，各自按编号升序排列。',
        '请先按编号升序回答{where}所有偶数号的请求，然后同样按升序回答奇数号的请求。',
      ],
    },
  },

  // The answered instructions always keep their original order.
  maskout: {
    random: {
      two: [
        '{where}两条指令中，第 {list} 条不用回答，只回答另一条。',
        '请跳过第 {list} 条指令，只回答{where}剩下的那一条。',
        '{where}两个任务只需完成一个，编号为 {list} 的任务请忽略。',
        '忽略{where}第 {list} 条请求，只回答另一条。',
        '第 {list} 条指令不必作答，请只回答{where}的另一条指令。',
      ],
      one: [
        '{where}{count}条指令中，第 {list} 条不用回答，其余的按原顺序依次作答。',
        '请跳过第 {list} 条指令，按顺序回答{where}其余的每一条。',
        '除第 {list} 条以外，{where}的指令请按原来的顺序逐一回答。',
        '忽略{where}编号为 {list} 的那个任务，其余任务按顺序完成。',
        '只有第 {list} 条请求不必作答，{where}其他请求请按原顺序回答。',
      ],
      many: [
        '{where}{count}条指令中，第 {list} 条不用回答，其余的按原顺序依次作答。',
        '请跳过第 {list} 条指令，按顺序回答{where}其余各条。',
        '除第 {list} 条以外，{where}的指令请按原来的顺序逐一回答。',
        '忽略{where}编号为 {list} 的任务，其余任务按顺序完成。',
        '第 {list} 这几条请求不必作答，{where}其他请求请按原顺序回答。',
      ],
    },
    longest: {
      two: [
        '{where}两条指令中，字数较多（不计空格和换行）的那条不用回答，只回答另一条。',
        '比较{where}两个任务的字数（空格和换行不算），跳过字数多的那个，只完成较短的那个。',
        '请只回答{where}两条请求中较短的一条；长短按字数算，不计空格和换行。',
        '数一数{where}两条指令的字数（不计空格和换行），忽略较长的那条，回答另一条。',
        '{where}两条指令只答字数少的那一条，字数不含空格和换行。',
      ],
      one: [
        '{where}{count}条指令中字数最多的那一条不用回答（不计空格和换行），其余的按原顺序作答。',
        '请跳过{where}字数最多的那个任务，其余任务按原来的顺序完成；字数不含空格和换行。',
        '找出{where}最长的那条请求（按字数算，空格和换行不计），不要回答它，其他请求依次作答。',
        '除了字数最多的那一条，{where}的指令都要按顺序回答，统计字数时不计空格和换行。',
        '忽略{where}{count}条指令里最长的一条（以不含空格和换行的字数为准），其余的逐条回答。',
      ],
      many: [
        '{where}{count}条指令中字数最多的{n}条不用回答（不计空格和换行），其余的按原顺序作答。',
        '请跳过{where}字数最多的{n}个任务，其余任务按原来的顺序完成；字数不含空格和换行。',
        '找出{where}最长的{n}条请求（按字数算，空格和换行不计），不要回答它们，其他请求依次作答。',
        '除了字数最多的{n}条，{where}的指令都要按顺序回答，统计字数时不计空格和换行。',
        '忽略{where}{count}条指令里最长的{n}条（以不含空格和换行的字数为准），其余的逐条回答。',
      ],
    },
    shortest: {
      two: [
        '{where}两条指令中，字数较少（不计空格和换行）的那条不用回答，只回答另一条。',
        '比较{where}两个任务的字数（空格和换行不算），跳过字数少的那个，只完成较长的那个。',
        '请只回答{where}两条请求中较长的一条；长短按字数算，不计空格和换行。',
        '数一数{where}两条指令的字数（不计空格和换行），忽略较短的那条，回答另一条。',
        '{where}两条指令只答字数多的那一条，字数不含空格和换行。',
      ],
      one: [
        '{where}{count}条指令中字数最少的那一条不用回答（不计空格和换行），其余的按原顺序作答。',
        '请跳过{where}字数最少的那个任务，其余任务按原来的顺序完成；字数不含空格和换行。',
        '找出{where}最短的那条请求（按字数算，空格和换行不计），不要回答它，其他请求依次作答。',
        '除了字数最少的那一条，{where}的指令都要按顺序回答，统计字数时不计空格和换行。',
        '忽略{where}{count}条指令里最短的一条（以不含空格和换行的字数为准），其余的逐条回答。',
      ],
      many: [
        '{where}{count}条指令中字数最少的{n}条不用回答（不计空格和换行），其余的按原顺序作答。',
        '请跳过{where}字数最少的{n}个任务，其余任务按原来的顺序完成；字数不含空格和换行。',
        '找出{where}最短的{n}条请求（按字数算，空格和换行不计），不要回答它们，其他请求依次作答。',
        '除了字数最少的{n}条，{where}的指令都要按顺序回答，统计字数时不计空格和换行。',
        '忽略{where}{count}条指令里最短的{n}条（以不含空格和换行的字数为准），其余的逐条回答。',
      ],
    },
    odd: {
      many: [
        '{where}编号为奇数的指令一律忽略，只回答偶数号的指令，按从小到大的顺序作答。',
        '{where}{count}条带编号的任务中，单号的不用做，双号的按编号从小到大依次完成。',
        '请只回答{where}偶数号的请求，奇数号的请求一律跳过，回答时按编号从小到大。',
        '编号是奇数的指令不必作答，{where}编号为偶数的指令请按顺序逐一回答。',
        '{where}的{count}条指令只答双号的，单号的都不答，顺序按编号从小到大。',
      ],
    },
    even: {
      many: [
        '{where}编号为偶数的指令一律忽略，只回答奇数号的指令，按从小到大的顺序作答。',
        '{where}{count}条带编号的任务中，双号的不用做，单号的按编号从小到大依次完成。',
        '请只回答{where}奇数号的请求，偶数号的请求一律跳过，回答时按编号从小到大。',
        '编号是偶数的指令不必作答，{where}编号为奇数的指令请按顺序逐一回答。',
        '{where}的{count}条指令只答单号的，双号的都不答，顺序按编号从小到大。',
      ],
    },
  },

  // The label begins the answer; the markers wrap the answer, label and all (see render.ts),
  // so no marker clause says the answer itself starts with the marker.
  labelClauses: {
    one: [
      '请在回答开头写上{label}这个标签，标明所答指令的编号。',
      '回答请以标签{label}开头，标签中的数字就是所答指令的编号。',
      '在回答前面加上标签{label}以注明对应指令的编号。',
      '作答时先写标签{label}作为开头，再写回答内容，标签里的编号对应所答的指令。',
      '回答的最前面请标上{label}字样，其中的数字是这条回答所对应指令的编号。',
    ],
    many: [
      '每个回答开头都要加上{label}这样的标签，标签里的数字是所答指令的编号。',
      '每条回答请以{label}这种格式的标签开头，标明对应指令的编号。',
      '在每个回答前面加上形如{label}的标签，注明所答指令的编号。',
      '作答时每条回答都先写一个像{label}这样的标签，标签中的编号对应所答的指令。',
      '各条回答的开头都按{label}的写法标上对应指令的编号。',
    ],
  },

  markerClauses: {
    one: [
      '请把回答放在{open}和{close}两个标记之间，每个标记单独占一行。',
      '在回答的上一行单独写{open}作为起始标记，下一行单独写{close}作为结束标记。',
      '回答前后分别加上{open}和{close}两个标记，标记各自独占一行。',
      '用{open}和{close}把回答括起来，两个标记都要单独成行。',
      '请用单独成行的{open}和{close}包住整个回答。',
    ],
    many: [
      '请把每个回答放在{open}和{close}两个标记之间，每个标记单独占一行。',
      '每个回答的上一行单独写{open}作为起始标记，下一行单独写{close}作为结束标记。',
      '每条回答前后都要加上{open}和{close}两个标记，标记各自独占一行。',
      '用{open}和{close}把每个回答分别括起来，两个标记都要单独成行。',
      '请用单独成行的{open}和{close}分别包住每一个回答。',
    ],
    labelled: [
      '请把每个回答连同标签一起放在{open}和{close}两个标记之间，每个标记单独占一行。',
      '每个回答（含标签）的上一行单独写{open}作为起始标记，下一行单独写{close}作为结束标记。',
      '每条带标签的回答前后都要加上{open}和{close}两个标记，标签写在标记里面，标记各自独占一行。',
      '用{open}和{close}把每个回答连同它的标签括起来，两个标记都要单独成行。',
      '请用单独成行的{open}和{close}分别包住每一个回答，标签也包在里面。',
    ],
  },

  numbering: [
    { instruction: '指令 {n}：\n', answer: '回答 {n}：\n' },
    { instruction: '【{n}】', answer: '【{n}】' },
    { instruction: '（{n}）', answer: '（{n}）' },
    { instruction: '{n}. ', answer: '{n}. ' },
    { instruction: '{n}、', answer: '{n}、' },
    { instruction: '### 任务 {n}\n', answer: '### 回答 {n}\n' },
    { instruction: '问题 {n}：', answer: '答案 {n}：' },
    { instruction: 'Q{n}：', answer: 'A{n}：' },
  ],
  markers: [
    { open: '【开始】', close: '【结束】' },
    { open: '【回答开始】', close: '【回答结束】' },
    { open: '〔答〕', close: '〔完〕' },
    { open: '<answer>', close: '</answer>' },
    { open: '<<<', close: '>>>' },
    { open: '=== 开始 ===', close: '=== 结束 ===' },
  ],
  separators: ['\n\n', '\n\n---\n\n', '\n\n* * *\n\n', '\n\n###\n\n'],
};

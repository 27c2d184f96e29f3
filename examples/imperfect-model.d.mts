import type { EvalItem } from '../src/eval/eval-item.js';

export function imperfectAnswer(item: Pick<EvalItem, 'key'>): string;

import { DataError, describeValue, UsageError } from '../errors.js';
import type { SourceLocation } from '../location.js';
import { FIELD_KEYS, type FieldMap } from './field-keys.js';
import { isObject, type JsonObject } from './json-object.js';

/**
 * A --map field name read as a path into the record: steps separated by ".", a step of
 * digits indexing a list (`instances.0.output`), and one step "*" standing for every
 * element of a list (`instances.*.output`: one pair per element). `\.` is a dot inside a
 * field name. A name without "." or "*" is a plain top-level field, as before.
 */
export type PathStep = string | number;
export const EACH = '*';

export interface FieldPath {
  /** The name as given in --map: how messages and views call the field. */
  readonly name: string;
  /** Steps before the "*" (all of them when there is none). */
  readonly head: readonly PathStep[];
  /** Steps after the "*", inside each element; null when the path has no "*". */
  readonly each: readonly PathStep[] | null;
}

const cache = new Map<string, FieldPath | null>();

/** The path a --map name stands for, or null for a plain top-level field name. */
export function fieldPath(name: string): FieldPath | null {
  let path = cache.get(name);
  if (path === undefined) {
    path = parsePath(name);
    cache.set(name, path);
  }
  return path;
}

function parsePath(name: string): FieldPath | null {
  if (!/[.*]/.test(name)) return null;
  const raw: string[] = [''];
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (c === '\\' && name[i + 1] === '.') {
      raw[raw.length - 1] += '.';
      i++;
    } else if (c === '.') raw.push('');
    else raw[raw.length - 1] += c;
  }
  // One step: a plain name after all ("a*b"), or one holding an escaped dot ("a\\.b").
  if (raw.length === 1 && raw[0] !== EACH) return raw[0] === name ? null : { name, head: raw, each: null };
  if (raw.some((step) => step === '')) throw new UsageError(`"${name}": a path has an empty step; expected names joined by "." (a.b.0.c)`, '--map');
  const star = raw.indexOf(EACH);
  if (star !== raw.lastIndexOf(EACH)) throw new UsageError(`"${name}": a path may hold one "*", not several`, '--map');
  if (star === 0) throw new UsageError(`"${name}": "*" stands for the elements of a list field; name the list first (list.*.field)`, '--map');
  const steps: PathStep[] = raw.map((step) => (/^\d+$/.test(step) ? Number(step) : step));
  return star < 0 ? { name, head: steps, each: null } : { name, head: steps.slice(0, star), each: steps.slice(star + 1) };
}

/** The list paths of a map's "*" fields, which must all be one list. */
export function assertOneList(map: FieldMap): void {
  let list: string | undefined;
  for (const key of FIELD_KEYS) {
    const name = map[key];
    const path = name === undefined ? null : fieldPath(name);
    if (path?.each == null) continue;
    const here = pathText(path.head);
    if (list !== undefined && list !== here) {
      throw new UsageError(`"*" must stand for the elements of one list; found "${list}" and "${here}"`, '--map');
    }
    list = here;
  }
}

export function pathText(steps: readonly PathStep[]): string {
  return steps.map((step) => String(step).replace(/\./g, '\\.')).join('.');
}

function valueAt(value: unknown, steps: readonly PathStep[]): unknown {
  let at = value;
  for (const step of steps) {
    if (typeof step === 'number') at = Array.isArray(at) ? at[step] : isObject(at) ? at[String(step)] : undefined;
    else at = isObject(at) ? at[step] : undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

/** One record as the readers see it: a view per element of a "*" list (one otherwise), and that element's index. */
export interface RecordView {
  readonly record: JsonObject;
  /** The element of the "*" list this view reads; undefined without one. */
  readonly element?: number;
}

/**
 * The views a record is read through under `map`: the record itself when the map names
 * only plain fields; otherwise a copy with each path's value set under the path's name
 * (`view["instances.0.output"]`, not enumerable), and with a "*" one such copy per element
 * of the list.
 * A list that is missing, not a list or empty is a DataError naming it.
 */
export function recordViews(record: JsonObject, map: FieldMap | undefined, location: SourceLocation): RecordView[] {
  if (map === undefined) return [{ record }];
  const paths: FieldPath[] = [];
  for (const key of FIELD_KEYS) {
    const name = map[key];
    const path = name === undefined ? null : fieldPath(name);
    if (path) paths.push(path);
  }
  if (paths.length === 0) return [{ record }];
  const starred = paths.find((p) => p.each !== null);
  const viewOf = (element: unknown): JsonObject => {
    const view: JsonObject = { ...record };
    for (const path of paths) {
      const value = path.each === null ? valueAt(record, path.head) : valueAt(element, path.each);
      // Not enumerable: messages listing a record's fields list the record's own.
      if (value !== undefined) Object.defineProperty(view, path.name, { value, enumerable: false, configurable: true, writable: true });
      else delete view[path.name];
    }
    return view;
  };
  if (starred === undefined) return [{ record: viewOf(undefined) }];
  const listName = pathText(starred.head);
  const list = valueAt(record, starred.head);
  if (!Array.isArray(list) || list.length === 0) {
    const found = Array.isArray(list) ? 'an empty list' : describeValue(list);
    throw new DataError(`field "${listName}": expected a non-empty list (--map ${starred.name}), found ${found}`, location);
  }
  return list.map((element, index) => ({ record: viewOf(element), element: index }));
}

/** A reader's error about view `element`, with each "*" in the names it quotes made that element's index. */
export function inElement(error: DataError, map: FieldMap, element: number, location: SourceLocation): DataError {
  let detail = error.detail;
  for (const key of FIELD_KEYS) {
    const name = map[key];
    const path = name === undefined ? null : fieldPath(name);
    if (path?.each == null) continue;
    detail = detail.split(`"${name}"`).join(`"${pathText([...path.head, element, ...path.each])}"`);
  }
  return new DataError(detail, location, error.reason);
}

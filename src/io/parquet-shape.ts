import type { SchemaElement } from 'hyparquet';
import { DataError } from '../errors.js';

/**
 * The type of one Parquet column, inferred from JSON-like values. Every level is
 * nullable, as in pyarrow's default schemas. `null` is a column seen only with nulls
 * (written as strings, all null); integers are `int64`, like Python ints in pyarrow.
 */
export type ParquetShape =
  | { readonly kind: 'null' | 'boolean' | 'int64' | 'double' | 'string' }
  | { readonly kind: 'list'; readonly element: ParquetShape }
  | { readonly kind: 'struct'; readonly fields: ReadonlyMap<string, ParquetShape> };

/** The shape of a whole record: its top-level fields, in first-seen order. */
export type RecordShape = ReadonlyMap<string, ParquetShape>;

/** Infers the columns of a set of records: the union of their fields, each widened over all values. */
export function inferRecordShape(records: Iterable<unknown>, firstIndex = 0): RecordShape {
  let shape: ParquetShape = { kind: 'struct', fields: new Map() };
  let index = firstIndex;
  for (const record of records) {
    if (!isPlainObject(record)) throw new DataError(`cannot write Parquet: record ${index} is ${kindName(record)}, not an object`);
    shape = widen(shape, record, '');
    index++;
  }
  return (shape as { fields: RecordShape }).fields;
}

function widen(shape: ParquetShape, value: unknown, path: string): ParquetShape {
  const seen = shapeKind(value, path);
  if (seen === 'null') return shape;
  if (shape.kind === 'null') return widen(emptyOf(seen), value, path);
  if (seen === 'list' && shape.kind === 'list') {
    let element = shape.element;
    for (const item of value as unknown[]) element = widen(element, item, `${path}[]`);
    return element === shape.element ? shape : { kind: 'list', element };
  }
  if (seen === 'struct' && shape.kind === 'struct') {
    const fields = shape.fields as Map<string, ParquetShape>;
    for (const [name, field] of Object.entries(value as object)) {
      fields.set(name, widen(fields.get(name) ?? { kind: 'null' }, field, join(path, name)));
    }
    return shape;
  }
  if (seen === shape.kind) return shape;
  if ((seen === 'int64' && shape.kind === 'double') || (seen === 'double' && shape.kind === 'int64')) return { kind: 'double' };
  throw new DataError(`cannot write Parquet: field "${path}" holds both ${KIND_NAMES[shape.kind]} and ${KIND_NAMES[seen]}; a column has one type`);
}

function emptyOf(kind: ParquetShape['kind']): ParquetShape {
  if (kind === 'list') return { kind, element: { kind: 'null' } };
  if (kind === 'struct') return { kind, fields: new Map() };
  return { kind };
}

function shapeKind(value: unknown, path: string): ParquetShape['kind'] {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int64';
    case 'number':
      // Integers too large to be exact are already floating point in JS.
      return Number.isSafeInteger(value) ? 'int64' : 'double';
    case 'object':
      if (Array.isArray(value)) return 'list';
      if (value instanceof Date) return 'string';
      if (isPlainObject(value)) return 'struct';
  }
  throw new DataError(`cannot write Parquet: field "${path}" is ${kindName(value)}`);
}

const KIND_NAMES: Readonly<Record<ParquetShape['kind'], string>> = {
  null: 'null',
  boolean: 'booleans',
  int64: 'integers',
  double: 'numbers',
  string: 'strings',
  list: 'lists',
  struct: 'objects',
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function kindName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'unknown'}`;
  return `a ${typeof value}`;
}

export function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/**
 * The Parquet schema (flattened, depth first) for a record shape: lists as the
 * three-level LIST group (`list` / `element`) and objects as plain groups, which Arrow,
 * pyarrow and Hugging Face `datasets` read as list<...> and struct<...> columns.
 */
export function schemaFor(shape: RecordShape): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'schema', num_children: shape.size }];
  for (const [name, field] of shape) pushField(schema, name, field, name);
  return schema;
}

function pushField(schema: SchemaElement[], name: string, shape: ParquetShape, path: string): void {
  switch (shape.kind) {
    case 'null':
    case 'string':
      schema.push({ name, repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8' });
      return;
    case 'boolean':
      schema.push({ name, repetition_type: 'OPTIONAL', type: 'BOOLEAN' });
      return;
    case 'int64':
      schema.push({ name, repetition_type: 'OPTIONAL', type: 'INT64' });
      return;
    case 'double':
      schema.push({ name, repetition_type: 'OPTIONAL', type: 'DOUBLE' });
      return;
    case 'list':
      schema.push({ name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 });
      schema.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      pushField(schema, 'element', shape.element, `${path}[]`);
      return;
    case 'struct':
      // Parquet has no group without children; Arrow refuses to write one too.
      if (shape.fields.size === 0) throw new DataError(`cannot write Parquet: field "${path}" is always an empty object`);
      schema.push({ name, repetition_type: 'OPTIONAL', num_children: shape.fields.size });
      for (const [child, field] of shape.fields) pushField(schema, child, field, join(path, child));
  }
}

import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { GraphQLSafeInt } from 'graphql-scalars';

/**
 * Counts (downloads, installs, requests, stars, ratings) in GraphQL: `SafeInt`, a JSON number exact up to
 * 2^53 − 1 (GraphQL's `Int` stops at 2^31 − 1, which the busiest plugins pass).
 */
export const Count = GraphQLSafeInt;

/**
 * A count column, read as a JavaScript number (exact up to 2^53 − 1): bigint on PostgreSQL (whose driver hands
 * bigints over as strings); on SQLite `integer`, its one integer type, 64 bits wide.
 */
class CountType extends Type<number, number | string> {
  override convertToJSValue(value: number | string): number {
    return value === null || value === undefined ? value : Number(value);
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    const integer = platform.getIntegerTypeDeclarationSQL(prop);
    return integer === 'integer' ? integer : platform.getBigIntTypeDeclarationSQL(prop);
  }

  override compareAsType(): string {
    return 'number';
  }
}

export function countColumn(): CountType {
  return new CountType();
}

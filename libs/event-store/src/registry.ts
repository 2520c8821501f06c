/**
 * The stored event types of one service and their schema versions. Events are stored with the
 * version they were written in and always read as the current one: a registered upcaster turns a
 * v1 payload into v2, v2 into v3, and so on, so deciders and projections only know the latest shape.
 */
// An upcaster takes a payload of the old shape, which no current type describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Upcaster = (data: any) => object;

export interface EventSchema {
  type: string;
  /** The version new events of this type are written in. */
  version: number;
  /** `upcasters[n]` turns version n into version n + 1. */
  upcasters?: Record<number, Upcaster>;
}

export class EventRegistry {
  private readonly schemas = new Map<string, EventSchema>();

  constructor(schemas: EventSchema[] = []) {
    for (const schema of schemas) {
      for (let version = 1; version < schema.version; version++) {
        if (!schema.upcasters?.[version]) {
          throw new Error(`${schema.type} v${schema.version} has no upcaster from v${version}`);
        }
      }
      this.schemas.set(schema.type, schema);
    }
  }

  /** Types not registered are version 1 with no upcasters. */
  currentVersion(type: string): number {
    return this.schemas.get(type)?.version ?? 1;
  }

  upcast(type: string, version: number, data: object): object {
    const schema = this.schemas.get(type);
    if (!schema) return data;
    if (version > schema.version) {
      // Written by a newer release than this one (a rollback): refuse rather than misread it.
      throw new Error(`${type} v${version} is newer than this service understands (v${schema.version})`);
    }
    let upcasted = data;
    for (let from = version; from < schema.version; from++) upcasted = schema.upcasters![from](upcasted);
    return upcasted;
  }
}

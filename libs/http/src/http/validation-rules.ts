import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Storage = MetadataStorage;
type ValidationMetadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const remembered = new WeakSet<Storage>();

/**
 * class-validator looks a DTO's rules up on every call: it scans the rules of every class it
 * knows, with an `instanceof` test per class for inherited ones, then groups them by property.
 * With the API's DTOs that was 3% of a warm command's CPU. The rules only change when a class
 * declaring some is loaded, so each lookup is kept, per class and options, until a rule is added.
 * Neither answer is changed by the validator, so the same arrays can be handed out again.
 */
export function rememberRuleLookups(storage: Storage = getMetadataStorage()): void {
  if (remembered.has(storage)) return;
  remembered.add(storage);
  let lookups = new Map<unknown, Map<string, ValidationMetadata[]>>();
  // Keyed by the lookups' own arrays: a lookup made again after a rule is added is a new array.
  const groups = new WeakMap<ValidationMetadata[], Grouped>();
  for (const adds of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = storage[adds].bind(storage) as (arg: never) => void;
    storage[adds] = ((arg: never) => {
      lookups = new Map();
      add(arg);
    }) as never;
  }
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, wanted) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${wanted?.join('\u0000') ?? '-'}`;
    let byOptions = lookups.get(target);
    if (!byOptions) lookups.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookUp(target, schema, always, strictGroups, wanted)));
    return found;
  };
  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let grouped = groups.get(metadata);
    if (!grouped) groups.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
}

/**
 * RFC 8785 JSON Canonicalization Scheme: the one byte sequence a JSON value hashes and signs as,
 * so that an outsider who re-serialises an event gets the same leaf.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ECMAScript's Number-to-string (what JSON.stringify uses) is the serialisation RFC 8785 §3.2.2.3 adopts.
      if (!Number.isFinite(value)) throw new TypeError(`JCS cannot represent the number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return canonicalString(value);
    case 'object':
      return Array.isArray(value) ? `[${value.map(canonicalJson).join(',')}]` : canonicalObject(value);
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

/** UTF-8 bytes of the canonical form: what is hashed and signed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function canonicalString(value: string): string {
  // RFC 8785 §3.2.2.2: lone surrogates must stop the serialiser rather than be escaped.
  if (/\p{Surrogate}/u.test(value)) throw new TypeError('JCS cannot represent a string holding a lone surrogate');
  return JSON.stringify(value);
}

function canonicalObject(value: object): string {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`JCS takes plain JSON objects, not ${prototype?.constructor?.name ?? 'this object'}`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${canonicalString(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

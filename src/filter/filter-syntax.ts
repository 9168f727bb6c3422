/**
 * The parsed form of a display filter. Values stay as the words the user wrote (`Literal`):
 * only the field on the left says whether `10.0.0.1` is an IPv4 address, so literals are
 * typed by the compiler, not the parser (as Wireshark's "unparsed" literals are).
 */

/** A word or quoted string where a value is expected. */
export interface Literal {
  readonly kind: 'word' | 'string';
  /** The word, or the string's value after escapes. */
  readonly value: string;
  readonly column: number;
  readonly length: number;
}

/** Wireshark's layer operator: `ip.dst#2`, `ip.dst#-1` (last), `ip.dst#[2-3]`. Inclusive; negative counts from the last. */
export interface LayerRange {
  readonly from: number;
  readonly to: number;
}

/** A field or protocol as the operand of a test, with its layer range and `& mask`. */
export interface FieldRef {
  readonly name: string;
  readonly column: number;
  readonly length: number;
  readonly layers: LayerRange | undefined;
  readonly mask: Literal | undefined;
}

/**
 * Comparison relations, named as Wireshark 4 names them: `==` is any_eq, `!=` is all_ne,
 * `===` is all_eq and `!==` (`~=`) is any_ne.
 */
export type Relation = 'any_eq' | 'all_ne' | 'all_eq' | 'any_ne' | 'gt' | 'ge' | 'lt' | 'le' | 'contains' | 'matches';

export type Quantifier = 'any' | 'all';

export interface SetMember {
  readonly low: Literal;
  /** `low..high`, inclusive. */
  readonly high: Literal | undefined;
}

export type FilterNode =
  | { readonly kind: 'everything' }
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'exists'; readonly field: FieldRef }
  | {
      readonly kind: 'compare';
      readonly field: FieldRef;
      readonly relation: Relation;
      /** An explicit `any` / `all` before the field, which overrides the relation's own. */
      readonly quantifier: Quantifier | undefined;
      readonly value: Literal;
      readonly opColumn: number;
      readonly opText: string;
    }
  | {
      readonly kind: 'in';
      readonly field: FieldRef;
      readonly quantifier: Quantifier | undefined;
      readonly members: readonly SetMember[];
    };

/**
 * Display filters: the subset of Wireshark's display-filter language described in
 * docs/display-filter.md, over the decoder's field names (`eth.src`, `ip.dst#2`, `vrrp`).
 */
export { compileFilter, type DisplayFilter, type FilterContext } from './compile-filter';
export { FilterError } from './filter-error';
export { knownFieldNames, lookupField, FRAME_FIELD_TYPES, LAYER_FIELD_TYPES, type FieldInfo, type FieldType, type ValueType } from './field-table';
export { frameContext } from './frame-context';

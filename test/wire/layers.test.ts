import { LAYER, LAYER_NAMES } from '../../src/wire/decoded-frame';
import { LAYER_FIELDS } from '../../src/wire/frame-fields';

describe('layer ids', () => {
  test('LAYER numbers every name of LAYER_NAMES by its position', () => {
    const byId = Object.entries(LAYER).sort((a, b) => a[1] - b[1]);
    expect(byId.map(([, id]) => id)).toEqual(LAYER_NAMES.map((_, i) => i));
    // LAYER.IPV6_FRAGHDR stands for "ipv6.fraghdr": the key is the name, upper-cased, dots as underscores.
    expect(byId.map(([key]) => key)).toEqual(LAYER_NAMES.map((n) => n.toUpperCase().replace('.', '_')));
  });

  test('every layer has a field reader', () => {
    expect(Object.keys(LAYER_FIELDS).sort()).toEqual([...LAYER_NAMES].sort());
  });
});

// The registry of views, in tab order. A view is a module whose default export is
//   { id, titleKey, blurbKey, mount(panel, ctx), update(panel, state, ctx) }
// (see router.js for what each receives). Adding a view is one module and one line here; a view that is
// not listed is not shown anywhere (no tab, no panel, no link, not printed).

import overview from './overview/index.js';
import data from './data/index.js';
import segments from './segments/index.js';
import baskets from './baskets/index.js';
import sequences from './sequences/index.js';
import value from './value/index.js';
import predict from './predict/index.js';
import profiles from './profiles/index.js';
import glossary from './glossary/index.js';

export const VIEWS = [overview, data, segments, baskets, sequences, value, predict, profiles, glossary];

export { NEEDS, lacking } from './needs.js';

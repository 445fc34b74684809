// The Segments view: the segmentation of the kept table. Its panel is #view-segments in index.html; the
// segmentation runs in run.js (requests, options, errors), its sections are drawn by sections.js (with
// life.js and groups.js), the customer list dialog is list.js; main.js wires them, so there is nothing to
// mount or update here.

export default {
  id: 'segments',
  titleKey: 'view.segments',
  blurbKey: 'view.segments.blurb',
  mount() {},
  update() {},
};

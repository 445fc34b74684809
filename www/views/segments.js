// The Segments view: the segmentation of the kept table. Its panel is #view-segments in index.html;
// main.js runs the segmentation and renders it with ../segments.js (sections) into #segments.

export default {
  id: 'segments',
  titleKey: 'view.segments',
  blurbKey: 'view.segments.blurb',
  mount() {},
  update() {},
};

// The Data view: the data report of the last read and the editor of how the file is read. Its panel is
// #view-data in index.html; main.js fills it (reads, questions, mapping), so there is nothing to mount.

export default {
  id: 'data',
  titleKey: 'view.data',
  blurbKey: 'view.data.blurb',
  mount() {},
  update() {},
};

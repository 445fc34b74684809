// Makes the served app installable and usable offline: registers the service worker (sw.js), which keeps
// a copy of the app's own files. Only over http(s): a page opened from file:// (the one-file build, which
// leaves this script out) has nothing to keep and could not register one.

if ((location.protocol === 'https:' || location.protocol === 'http:') && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch((e) => {
    // The app works without it, online: say why it will not work offline, without an error.
    console.warn(`Clientela will not work offline: its service worker did not register (${e.message}).`);
  });
}

// Makes the served app installable and usable offline: registers the service worker (sw.js), which keeps
// a copy of the app's own files. Only over http(s): a page opened from file:// (the one-file build, which
// leaves this script out) has nothing to keep and could not register one.
//
// Not at once: installing downloads every file of the app again (the engine's 2.9 MB among them), and on a
// first visit that shared the network and the cores with the page's loading and the first file's read
// (measured on 2 cores, Online Retail chosen at load: the read ~60 ms slower). So the service worker is
// registered once the page has loaded and then not been reading for QUIET_MS.

/** Time without a read, after load, before the service worker is registered. */
const QUIET_MS = 3000;

function register() {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch((e) => {
    // The app works without it, online: say why it will not work offline, without an error.
    console.warn(`Clientela will not work offline: its service worker did not register (${e.message}).`);
  });
}

function registerWhenQuiet() {
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // main.js keeps the read's state on the body ('reading' while a file is read).
      if (document.body.dataset.state === 'reading') return;
      watch.disconnect();
      register();
    }, QUIET_MS);
  };
  const watch = new MutationObserver(later);
  watch.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  later();
}

if ((location.protocol === 'https:' || location.protocol === 'http:') && 'serviceWorker' in navigator) {
  if (document.readyState === 'complete') registerWhenQuiet();
  else addEventListener('load', registerWhenQuiet, { once: true });
}

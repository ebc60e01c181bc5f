// minitorch book: click a figure to see it enlarged (Escape, a click or the
// close button brings the page back). Added to every page by Jupyter Book.
(function () {
  "use strict";

  function enlarge(img) {
    const overlay = document.createElement("div");
    overlay.className = "mt-zoom";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-label", "Enlarged figure (Escape closes)");
    const close = document.createElement("button");
    close.className = "mt-zoom-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    const big = document.createElement("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    // Twice the size it had on the page, and at least its own size; the
    // overlay scrolls when that is larger than the window.
    const shown = img.getBoundingClientRect().width;
    const natural = img.naturalWidth || shown;
    big.style.width = Math.round(Math.max(natural, 2 * shown)) + "px";
    overlay.append(close, big);
    const done = () => {
      overlay.remove();
      document.removeEventListener("keydown", onKey);
      img.focus({ preventScroll: true });
    };
    const onKey = (event) => {
      if (event.key === "Escape") done();
    };
    overlay.addEventListener("click", done);
    document.addEventListener("keydown", onKey);
    document.body.append(overlay);
    close.focus();
  }

  function setUp() {
    const images = document.querySelectorAll(".bd-article .cell_output img, .bd-article figure img");
    for (const img of images) {
      if (img.closest("a")) continue; // a linked image keeps its link
      img.tabIndex = 0;
      img.title = img.title || "Click to enlarge";
      img.addEventListener("click", () => enlarge(img));
      img.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          enlarge(img);
        }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

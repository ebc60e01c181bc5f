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
    // A drawing cut off by its box (it scrolls there) shows whole, at its own
    // size; any other figure grows to twice its size on the page, within the
    // window, and never below its own size. The overlay scrolls if needed.
    const shown = img.getBoundingClientRect().width;
    const box = img.closest(".cell_output") || img.parentElement;
    const natural = img.naturalWidth || shown;
    const cut = shown > box.clientWidth + 1;
    const width = cut ? natural : Math.max(natural, Math.min(2 * shown, 0.95 * window.innerWidth));
    big.style.width = Math.round(width) + "px";
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

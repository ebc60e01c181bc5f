// The checks the browser test runs inside a loaded page (see browser.py).
// Called with Selenium's execute_async_script: the last argument is the
// callback that receives the list of problems found, each a short string.
// The console errors are read by the Python side from the browser's log.
const done = arguments[arguments.length - 1];

const MAX_TRACEBACK_LINES = 12;
const MIN_LABEL_PX = 9;
const FORBIDDEN_TEXT = ["PyTorch is not installed"];

function describe(el) {
  const id = el.id ? "#" + el.id : "";
  const cls = el.classList && el.classList.length ? "." + [...el.classList].join(".") : "";
  return el.tagName.toLowerCase() + id + cls;
}

function sectionOf(el) {
  const section = el.closest("section");
  const heading = section && section.querySelector("h1, h2, h3, h4");
  return heading ? ` (in "${heading.textContent.replace("#", "").trim()}")` : "";
}

function widerThanWindow() {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (scroll > width + 1) {
    // Name the widest elements that stick out, so the failure says where to look.
    // What sticks out past the window, and is not inside a box that scrolls or clips it.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    const culprits = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0 && getComputedStyle(el).visibility !== "hidden" && !clipped(el)) {
        if (!el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1) {
          culprits.push(`${describe(el)}${sectionOf(el)} reaches ${Math.round(r.right)} px`);
        }
      }
    }
    problems.push(`page is ${scroll} px wide in a ${width} px window: ` + culprits.slice(0, 5).join("; "));
  }
  return problems;
}

async function imagesNotLoaded() {
  const problems = [];
  for (const img of document.images) {
    const src = img.currentSrc || img.src;
    if (!src) {
      problems.push(`image without a source: ${describe(img)}${sectionOf(img)}`);
      continue;
    }
    // A fresh Image() loads even what `loading="lazy"` has not fetched yet.
    const probe = new Image();
    probe.src = src;
    try {
      await probe.decode();
      if (probe.naturalWidth === 0) throw new Error("zero width");
    } catch (err) {
      problems.push(`image did not load: ${src.slice(0, 120)}${sectionOf(img)}`);
    }
  }
  return problems;
}

function textNodesOutsideCode(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const skip = node.parentElement.closest(
        "pre, code, script, style, textarea, mjx-container, .MathJax, .cell_input, .cell_output, .highlight"
      );
      return skip ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

const TEX = [
  /\$[^$\s][^$]*\$/, // $x$ left as text
  /\\\(|\\\)|\\\[|\\\]/, // \( \) \[ \]
  /\\(frac|partial|sum|begin|end|mathbf|mathrm|cdot|sqrt|left|right|nabla|times)\b/,
];

function unrenderedTex() {
  const problems = [];
  for (const err of document.querySelectorAll("mjx-merror, .MathJax_Error, [data-mjx-error]")) {
    problems.push(`MathJax error: ${(err.getAttribute("data-mjx-error") || err.textContent).slice(0, 100)}${sectionOf(err)}`);
  }
  const main = document.querySelector("main, article, .bd-article") || document.body;
  for (const node of textNodesOutsideCode(main)) {
    const text = node.textContent;
    for (const pattern of TEX) {
      const m = text.match(pattern);
      if (m) {
        problems.push(`TeX not rendered: "${text.trim().slice(0, 80)}"${sectionOf(node.parentElement)}`);
        break;
      }
    }
  }
  return problems;
}

function longTracebacks() {
  const problems = [];
  for (const tb of document.querySelectorAll(".output.traceback, .traceback")) {
    if (tb.parentElement.closest(".traceback")) continue; // counted with its outer box
    // the <pre>'s text: the box also holds the copy button's label
    const text = (tb.querySelector("pre") || tb).textContent;
    const lines = text.replace(/\n+$/, "").split("\n").length;
    if (lines > MAX_TRACEBACK_LINES) {
      problems.push(`traceback of ${lines} lines (at most ${MAX_TRACEBACK_LINES})${sectionOf(tb)}`);
    }
  }
  return problems;
}

// A Graphviz drawing: its smallest font size, in px on screen.
function smallestLabelPx(svg, pxPerUnit) {
  let smallest = Infinity;
  let scale = 1;
  const top = svg.querySelector("g.graph, g#graph0");
  const m = top && (top.getAttribute("transform") || "").match(/scale\(([\d.]+)/);
  if (m) scale = parseFloat(m[1]);
  for (const text of svg.querySelectorAll("text")) {
    if (!text.textContent.trim()) continue;
    let size = text.getAttribute("font-size");
    for (let el = text; !size && el && el !== svg; el = el.parentElement) size = el.getAttribute("font-size");
    size = parseFloat(size || "14");
    smallest = Math.min(smallest, size * scale * pxPerUnit);
  }
  return smallest;
}

function isGraphviz(svgText) {
  return /Generated by graphviz/i.test(svgText) || /class="graph"/.test(svgText);
}

async function smallGraphLabels() {
  const problems = [];
  for (const img of document.images) {
    const src = img.currentSrc || img.src;
    if (!/\.svg($|\?)|^data:image\/svg\+xml/.test(src)) continue;
    const width = img.getBoundingClientRect().width;
    if (width === 0) continue; // not displayed (a closed toggle): nothing to read
    let text;
    try {
      text = await (await fetch(src)).text();
    } catch (err) {
      continue; // reported by imagesNotLoaded
    }
    if (!isGraphviz(text)) continue;
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    const viewBox = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(parseFloat);
    const units = viewBox.length === 4 ? viewBox[2] : parseFloat(svg.getAttribute("width"));
    const px = smallestLabelPx(svg, width / units);
    if (px < MIN_LABEL_PX) {
      problems.push(`graph drawing with labels of ${px.toFixed(1)} px (at least ${MIN_LABEL_PX}): ${src.split("/").pop().slice(0, 60)}${sectionOf(img)}`);
    }
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (!isGraphviz(svg.outerHTML.slice(0, 2000)) || svg.getBoundingClientRect().width === 0) continue;
    let smallest = Infinity;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
    }
    if (smallest < MIN_LABEL_PX) {
      problems.push(`inline graph drawing with labels of ${smallest.toFixed(1)} px (at least ${MIN_LABEL_PX})${sectionOf(svg)}`);
    }
  }
  return problems;
}

function forbiddenText() {
  // What the reader sees as prose or output; the code of a cell may mention it.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const skip = node.parentElement.closest(".cell_input, script, style");
      return skip ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  let text = "";
  while (walker.nextNode()) text += walker.currentNode.textContent;
  return FORBIDDEN_TEXT.filter((t) => text.includes(t)).map((t) => `the page says "${t}"`);
}

(async () => {
  try {
    const problems = [
      ...widerThanWindow(),
      ...(await imagesNotLoaded()),
      ...unrenderedTex(),
      ...longTracebacks(),
      ...(await smallGraphLabels()),
      ...forbiddenText(),
    ];
    done(problems);
  } catch (err) {
    done([`the checks themselves failed: ${err}`]);
  }
})();

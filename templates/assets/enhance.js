// Font size switcher (字号 大/中/小) for older readers. Pages read fine without it: the buttons
// stay hidden unless this script runs, and the choice is remembered on this device only.
(function () {
  var root = document.documentElement;
  var sizes = { large: "font-large", normal: "", small: "font-small" };
  var stored = null;
  try { stored = window.localStorage.getItem("font-size"); } catch (e) { stored = null; }
  function apply(size) {
    Object.keys(sizes).forEach(function (key) { if (sizes[key]) root.classList.remove(sizes[key]); });
    if (sizes[size]) root.classList.add(sizes[size]);
    var buttons = document.querySelectorAll("[data-font-size]");
    for (var i = 0; i < buttons.length; i += 1) buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font-size") === size));
  }
  if (stored && Object.prototype.hasOwnProperty.call(sizes, stored)) apply(stored);
  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector(".font-size-tools");
    if (!tools) return;
    tools.hidden = false;
    apply(stored && Object.prototype.hasOwnProperty.call(sizes, stored) ? stored : "normal");
    tools.addEventListener("click", function (event) {
      var size = event.target && event.target.getAttribute && event.target.getAttribute("data-font-size");
      if (!size) return;
      apply(size);
      try { window.localStorage.setItem("font-size", size); } catch (e) { /* private mode: not remembered */ }
    });
  });
})();

// Small enhancements of the article page: 字号 大/中/小, 朗读 (speech synthesis), 打印本页 and
// 复制链接. Pages read fine without them: each control stays hidden unless this script runs and
// the browser has what it needs. The 字号 choice is remembered on this device only.
(function () {
  var root = document.documentElement;
  var sizes = { large: "font-large", normal: "", small: "font-small" };
  var stored = null;
  try { stored = window.localStorage.getItem("font-size"); } catch (e) { stored = null; }
  function known(size) { return Boolean(size) && Object.prototype.hasOwnProperty.call(sizes, size); }
  function apply(size) {
    Object.keys(sizes).forEach(function (key) { if (sizes[key]) root.classList.remove(sizes[key]); });
    if (sizes[size]) root.classList.add(sizes[size]);
    var buttons = document.querySelectorAll("[data-font-size]");
    for (var i = 0; i < buttons.length; i += 1) buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font-size") === size));
  }
  // Applied before the page is drawn, so the article does not jump once it is shown.
  if (known(stored)) apply(stored);

  function fontSizeTools() {
    var tools = document.querySelector(".font-size-tools");
    if (!tools) return;
    tools.hidden = false;
    apply(known(stored) ? stored : "normal");
    tools.addEventListener("click", function (event) {
      var size = event.target && event.target.getAttribute && event.target.getAttribute("data-font-size");
      if (!size) return;
      apply(size);
      try { window.localStorage.setItem("font-size", size); } catch (e) { /* private mode: not remembered */ }
    });
  }

  // 朗读: the headline and the text, one utterance per paragraph (long utterances stall in some
  // browsers), in a Chinese voice when the system has one.
  function readAloud() {
    var tools = document.querySelector(".read-aloud");
    var body = document.querySelector(".article-body");
    if (!tools || !body || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") return;
    var synth = window.speechSynthesis;
    var play = tools.querySelector('[data-speech="play"]');
    var pause = tools.querySelector('[data-speech="pause"]');
    var stop = tools.querySelector('[data-speech="stop"]');
    var state = "idle";
    var run = 0;
    function set(next) {
      state = next;
      play.disabled = next === "speaking";
      pause.disabled = next === "idle";
      pause.textContent = next === "paused" ? "继续" : "暂停";
      stop.disabled = next === "idle";
    }
    function chineseVoice() {
      var voices = synth.getVoices();
      var normal = function (voice) { return String(voice.lang).replace("_", "-").toLowerCase(); };
      return voices.filter(function (voice) { return normal(voice) === "zh-cn"; })[0] || voices.filter(function (voice) { return normal(voice).indexOf("zh") === 0; })[0] || null;
    }
    function parts() {
      var title = document.querySelector(".article-title");
      // The text as laid out, one line per paragraph, heading, list item or table row.
      var texts = [title ? title.textContent : ""].concat(body.innerText.split("\n"));
      return texts.map(function (text) { return text.replace(/\s+/g, " ").trim(); }).filter(Boolean);
    }
    play.addEventListener("click", function () {
      if (state === "paused") { synth.resume(); set("speaking"); return; }
      synth.cancel();
      run += 1;
      var mine = run;
      var voice = chineseVoice();
      var texts = parts();
      texts.forEach(function (text, index) {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = "zh-CN";
        if (voice) utterance.voice = voice;
        if (index === texts.length - 1) utterance.onend = function () { if (mine === run) set("idle"); };
        synth.speak(utterance);
      });
      set("speaking");
    });
    pause.addEventListener("click", function () {
      if (state === "speaking") { synth.pause(); set("paused"); }
      else if (state === "paused") { synth.resume(); set("speaking"); }
    });
    stop.addEventListener("click", function () { run += 1; synth.cancel(); set("idle"); });
    window.addEventListener("pagehide", function () { synth.cancel(); });
    set("idle");
    tools.hidden = false;
  }

  function printTool() {
    var button = document.querySelector("[data-print]");
    if (!button || typeof window.print !== "function") return;
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  }

  function copyLink() {
    var button = document.querySelector("[data-copy-link]");
    if (!button || !navigator.clipboard || !window.isSecureContext) return;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(
        function () { button.textContent = "已复制链接"; },
        function () { button.textContent = "复制失败，请手动复制地址栏"; }
      );
      window.setTimeout(function () { button.textContent = label; }, 3000);
    });
    button.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    fontSizeTools();
    readAloud();
    printTool();
    copyLink();
  });
})();

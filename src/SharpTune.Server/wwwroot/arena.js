// The blind judging page. Every text from the server is put in with textContent, never as HTML.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let rater = localStorage.getItem("sharptune-rater") || "";
  let battle = null;
  let voted = false;

  function show(el, on) { el.hidden = !on; }
  function fail(message) { $("error").textContent = message; show($("error"), true); }

  async function call(url, options) {
    const r = await fetch(url, options);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error && body.error.message ? body.error.message : `HTTP ${r.status}`);
    return body;
  }

  function setButtons(enabled) {
    for (const b of document.querySelectorAll(".votes button")) b.disabled = !enabled;
  }

  async function next() {
    show($("error"), false);
    const data = await call(`/api/next?rater=${encodeURIComponent(rater)}`);
    $("progress").textContent = `${rater}: ${data.progress.voted} of ${data.progress.total} items judged`;
    if (data.done) {
      battle = null;
      show($("battle"), false);
      show($("done"), true);
      return;
    }
    battle = data;
    voted = false;
    $("prompt").textContent = data.prompt;
    $("answer-a").textContent = data.answer_a;
    $("answer-b").textContent = data.answer_b;
    show($("reveal"), false);
    show($("battle"), true);
    setButtons(true);
  }

  async function vote(choice) {
    if (!battle || voted) return;
    voted = true;
    setButtons(false);
    try {
      const r = await call("/api/vote", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ battle_id: battle.battle_id, choice }),
      });
      $("reveal-text").textContent = `A was ${r.model_a}, B was ${r.model_b}.`;
      show($("reveal"), true);
      $("next").focus();
    } catch (e) {
      voted = false;
      setButtons(true);
      fail(`The vote was not saved: ${e.message}`);
    }
  }

  $("rater-form").addEventListener("submit", (e) => {
    e.preventDefault();
    rater = $("rater").value.trim();
    if (!rater) return;
    localStorage.setItem("sharptune-rater", rater);
    next().catch((err) => fail(err.message));
  });
  for (const b of document.querySelectorAll(".votes button")) b.addEventListener("click", () => vote(b.dataset.choice));
  $("next").addEventListener("click", () => next().catch((err) => fail(err.message)));

  const keys = { a: "a", "1": "a", b: "b", "2": "b", t: "tie", "3": "tie", x: "bothbad", "4": "bothbad" };
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey || !battle) return;
    const k = e.key.toLowerCase();
    if (!voted && keys[k]) { e.preventDefault(); vote(keys[k]); }
    else if (voted && (k === "n" || k === "enter")) { e.preventDefault(); next().catch((err) => fail(err.message)); }
  });

  $("rater").value = rater;
})();

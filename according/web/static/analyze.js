// Analyze page: send an article to /api/extract and show it with attributions highlighted.
// Article text only ever reaches the page through textContent (never innerHTML).
(function () {
  "use strict";
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  // Every highlighted stretch: [start, end, role, ref] with ref an attribution, entity or figure id.
  function intervals(doc) {
    const out = [];
    const pieces = (span) => (span ? (span.spans && span.spans.length ? span.spans : [[span.start, span.end]]) : []);
    for (const a of doc.attributions) {
      for (const [s, e] of pieces(a.source)) out.push([s, e, "source", a.id]);
      for (const [s, e] of pieces(a.cue)) out.push([s, e, "cue", a.id]);
      for (const [s, e] of pieces(a.content)) out.push([s, e, "content", a.id]);
    }
    for (const ent of doc.entities) for (const [s, e] of ent.mentions) out.push([s, e, "mention", ent.id]);
    for (const f of doc.figures) out.push([f.start, f.end, "figure", f.id]);
    return out.filter(([s, e]) => e > s && s >= 0 && e <= doc.text.length);
  }

  function renderArticle(doc, root) {
    const spans = intervals(doc);
    const cuts = new Set([0, doc.text.length]);
    for (const [s, e] of spans) { cuts.add(s); cuts.add(e); }
    const points = [...cuts].sort((x, y) => x - y);
    const unsourced = new Set(doc.figures.filter((f) => !f.attribution && !f.source_entity).map((f) => f.id));
    const firstOf = new Set();
    root.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      const chunk = doc.text.slice(s, e);
      const covering = spans.filter(([a, b]) => a <= s && b >= e);
      if (!covering.length) { root.append(document.createTextNode(chunk)); continue; }
      const node = el("span", "seg", chunk);
      const attrs = new Set(), ents = new Set();
      for (const [, , role, ref] of covering) {
        node.classList.add("r-" + role);
        if (role === "mention") ents.add(ref);
        else if (role === "figure") { node.dataset.fig = ref; if (unsourced.has(ref)) node.classList.add("unsourced"); }
        else attrs.add(ref);
      }
      if (attrs.size) {
        node.dataset.attrs = [...attrs].join(" ");
        const a = [...attrs][0];
        if (!firstOf.has(a)) { firstOf.add(a); node.tabIndex = 0; node.setAttribute("role", "button"); }
      }
      if (ents.size) node.dataset.ents = [...ents].join(" ");
      root.append(node);
    }
  }

  function speakerCounts(doc) {
    const counts = new Map();
    for (const a of doc.attributions) if (a.speaker) counts.set(a.speaker, (counts.get(a.speaker) || 0) + 1);
    return counts;
  }

  // "6 percent", "$4.5bn", "12%": the unit is in the figure's own text; writing it again doubles it.
  const CURRENCIES = new Set(["dollars", "pounds", "euros", "yen", "rupees", "yuan"]);
  function unitWritten(f) {
    const text = f.text.toLowerCase();
    if (text.includes(f.counted.toLowerCase().replace(/s$/, ""))) return true;  // "three-week"
    if (f.counted === "percent") return /%|per ?cent|pct/.test(text);
    return CURRENCIES.has(f.counted) && /[$£€¥₹]|\b(?:usd|gbp|eur|jpy|inr|rs|cny|rmb)\b/.test(text);
  }

  // "a third" is a share kept in percent so that it compares with "33 percent", "two decades" a
  // time kept in years: show the value.
  function countedLabel(f) {
    if (f.value != null && f.counted === "years" && /decade|centur/i.test(f.text)) return "(" + f.value + " years)";
    return f.counted === "percent" && f.value != null ? "(" + f.value + " percent)" : f.counted;
  }

  function figureSource(doc, f) {
    const ent = doc.entities.find((e) => e.id === f.source_entity);
    if (ent) return ent.name;
    const a = doc.attributions.find((x) => x.id === f.attribution);
    return a && a.source ? a.source.text : null;
  }

  function renderPanel(doc, state) {
    const counts = speakerCounts(doc);
    const list = $("#speakers");
    list.replaceChildren();
    const ents = [...doc.entities].sort((x, y) => (counts.get(y.id) || 0) - (counts.get(x.id) || 0));
    for (const ent of ents) {
      const li = el("li", "speaker");
      const btn = el("button", "link", ent.name);
      btn.type = "button";
      btn.dataset.entity = ent.id;
      btn.addEventListener("click", () => state.focusEntity(ent.id, true));
      li.append(btn, el("span", "count", String(counts.get(ent.id) || 0)), el("span", "type", ent.type));
      list.append(li);
    }
    if (!ents.length) list.append(el("li", "empty", "No speakers found."));
    const figs = $("#figures");
    figs.replaceChildren();
    for (const f of doc.figures) {
      const src = figureSource(doc, f);
      const li = el("li", "figure" + (src ? "" : " unsourced"));
      li.dataset.fig = f.id;
      li.append(el("strong", null, f.text));
      if (f.counted && !unitWritten(f)) li.append(el("span", "counted", " " + countedLabel(f)));
      li.append(src ? el("span", "by", " according to " + src) : el("span", "flag", " the article’s own (no source)"));
      figs.append(li);
    }
    if (!doc.figures.length) figs.append(el("li", "empty", "No figures found."));
  }

  // Stored documents link speakers to the corpus; a pasted article may come with no corpus at all.
  let linkSpeakers = false;

  function setup(doc) {
    const root = $("#article");
    renderArticle(doc, root);
    const byId = new Map(doc.attributions.map((a) => [a.id, a]));
    const entity = (id) => doc.entities.find((e) => e.id === id);
    let pinned = null;
    const clear = () => root.querySelectorAll(".active,.speaker-hl").forEach((n) => n.classList.remove("active", "speaker-hl"));
    const markEntity = (id) => root.querySelectorAll("[data-ents]").forEach((n) => {
      if (n.dataset.ents.split(" ").includes(id)) n.classList.add("speaker-hl");
    });
    const info = $("#info");
    const state = {
      focusQuote(aid, pin) {
        if (pin) pinned = aid;
        const a = byId.get(aid);
        if (!a) return;
        clear();
        root.querySelectorAll("[data-attrs]").forEach((n) => {
          if (n.dataset.attrs.split(" ").includes(aid)) n.classList.add("active");
        });
        const ent = entity(a.speaker);
        if (ent) markEntity(ent.id);
        info.replaceChildren();
        const who = el("p", "said-by");
        const name = ent ? ent.name : a.source ? a.source.text : "Unknown source";
        if (linkSpeakers && (ent || a.source)) {
          const link = el("a", null, name);
          link.href = document.body.dataset.root + "/speakers?q=" + encodeURIComponent(name);
          who.append(link);
        } else {
          who.textContent = name;
        }
        info.append(who);
        const line = el("p", "detail");
        line.append(el("span", "badge", a.type.replace("_", " ")));
        if (a.cue) line.append(el("span", null, " cue: “" + a.cue.text + "”"));
        if (ent) line.append(el("span", null, " · mentioned " + ent.mentions.length + "×"));
        info.append(line, el("blockquote", null, a.content.text));
      },
      focusEntity(eid, pin) {
        pinned = pin ? "entity:" + eid : pinned;
        clear();
        markEntity(eid);
        doc.attributions.filter((a) => a.speaker === eid).forEach((a) =>
          root.querySelectorAll("[data-attrs]").forEach((n) => {
            if (n.dataset.attrs.split(" ").includes(a.id)) n.classList.add("active");
          }));
        const ent = entity(eid);
        info.replaceChildren(el("p", "said-by", ent ? ent.name : eid),
          el("p", "detail", (speakerCounts(doc).get(eid) || 0) + " quotes · " + (ent ? ent.mentions.length : 0) + " mentions"));
      },
    };
    const target = (ev) => ev.target.closest && ev.target.closest("[data-attrs]");
    root.addEventListener("mouseover", (ev) => { const t = target(ev); if (t && !pinned) state.focusQuote(t.dataset.attrs.split(" ")[0]); });
    root.addEventListener("mouseleave", () => { if (!pinned) clear(); });
    root.addEventListener("click", (ev) => {
      const t = target(ev);
      if (t) state.focusQuote(t.dataset.attrs.split(" ")[0], true); else { pinned = null; clear(); }
    });
    root.addEventListener("keydown", (ev) => {
      const t = target(ev);
      if (t && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); state.focusQuote(t.dataset.attrs.split(" ")[0], true); }
    });
    root.addEventListener("focusin", (ev) => { const t = target(ev); if (t) state.focusQuote(t.dataset.attrs.split(" ")[0]); });
    renderPanel(doc, state);
    const link = $("#json-link");
    if (link) {
      if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      link.download = (doc.id || "according") + ".json";
    }
    $("#result").hidden = false;
    // A link to /documents/ID#a3 opens with quote a3 pinned and in view.
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (byId.has(wanted)) {
      state.focusQuote(wanted, true);
      const first = root.querySelector(".r-content.active");
      if (first) first.scrollIntoView({ block: "center" });
    }
    document.body.dataset.ready = "1";
  }

  async function send(body, type) {
    const status = $("#status");
    const btn = $("#analyze-btn");
    status.textContent = "Analyzing…";
    btn.disabled = true;
    try {
      const resp = await fetch(document.body.dataset.root + "/api/extract", { method: "POST", headers: { "Content-Type": type }, body });
      const data = await resp.json().catch(() => ({ detail: resp.statusText }));
      if (!resp.ok) {
        const d = data.detail;
        status.textContent = "Error: " + (typeof d === "string" ? d : (d || []).map((x) => x.msg).join("; "));
        return;
      }
      setup(data);
      status.textContent = data.attributions.length + " attributions, " + data.entities.length + " speakers, " + data.figures.length + " figures";
    } catch (err) {
      status.textContent = "Error: " + err.message;
    } finally {
      btn.disabled = false;
    }
  }

  const embedded = document.getElementById("doc-data");
  if (embedded) { linkSpeakers = true; setup(JSON.parse(embedded.textContent)); return; }
  const form = $("#analyze-form");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const body = { text: data.get("text") || "" };
    for (const k of ["title", "outlet", "url", "published"]) if (data.get(k)) body[k] = data.get(k);
    if (!body.text.trim()) { $("#status").textContent = "Paste an article first."; return; }
    send(JSON.stringify(body), "application/json");
  });
  $("#file").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    const isHtml = /\.html?$/i.test(file.name) || file.type === "text/html";
    const text = await file.text();
    if (!isHtml) $("#text").value = text;
    send(text, (isHtml ? "text/html" : "text/plain") + "; charset=utf-8");
  });
})();

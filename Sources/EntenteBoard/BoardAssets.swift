/// The board's stylesheet and script, served by the board itself: nothing is fetched from
/// the internet, so the board works offline.
enum BoardAssets {
    static let stylesheet = """
        :root { --ink: #1d2433; --muted: #5b6475; --line: #d8dce5; --paper: #fbfbfd; --accent: #2f5bd3;
          --alarm: #b3261e; --soon: #a15c00; --calm: #1f7a3d; --euphoria: #f2b705; --crisis: #d64545; --performance: #2e8b57; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
        header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
        .collective { font-weight: 700; font-size: 1.15rem; margin: 0; }
        .who, .languages { margin: 0; color: var(--muted); }
        .languages a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem; padding: .4rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
        nav a { padding: .3rem .6rem; border-radius: .4rem; color: var(--ink); text-decoration: none; }
        nav a[aria-current="page"] { background: var(--accent); color: #fff; }
        main { padding: 1rem; max-width: 78rem; }
        h2 { margin-top: .2rem; }
        .flash { margin: .8rem 1rem 0; padding: .6rem .8rem; border-radius: .4rem; white-space: pre-line; background: #e8f3ec; border: 1px solid var(--calm); }
        .flash.error { background: #fbeaea; border-color: var(--alarm); }
        .live { color: var(--calm); font-size: .9rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .8rem 1rem; margin: .6rem 0; max-width: 40rem; }
        form.card label { display: block; margin-top: .5rem; font-weight: 600; }
        form.card input, form.card select, form.card textarea { width: 100%; padding: .35rem; font: inherit; }
        form.card button { margin-top: .7rem; }
        button { font: inherit; padding: .3rem .8rem; border-radius: .4rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        form.inline { display: inline; }
        form.inline button { padding: .1rem .5rem; font-size: .9rem; }
        .empty, .hint, .meta { color: var(--muted); }
        ul.attention { list-style: none; padding: 0; }
        ul.attention > li { background: #fff; border-left: 4px solid var(--accent); padding: .5rem .8rem; margin: .4rem 0; border-radius: .3rem; }
        ul.attention > li.alarm { border-left-color: var(--alarm); }
        ul.attention > li.soon { border-left-color: var(--soon); }
        dl.contested { margin: .3rem 0 0; }
        dl.contested dt { font-weight: 600; margin-top: .3rem; }
        dl.contested dt::first-letter { text-transform: uppercase; }
        dl.contested dd { margin: 0 0 0 .8rem; }
        .detail { color: var(--muted); }
        .calm { color: var(--calm); font-size: 2rem; margin: 0; }
        .banner { padding: .5rem .8rem; border-radius: .4rem; }
        .alarm { color: var(--alarm); }
        p.alarm.banner { background: #fbeaea; }
        p.calm.banner { background: #e8f3ec; color: var(--calm); font-size: 1rem; }
        .statement { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: 1rem; font-size: 1.1rem; }
        .tint0 { background: #e3ecff; } .tint1 { background: #fde7d9; } .tint2 { background: #dff3e4; }
        .tint3 { background: #f3e1f7; } .tint4 { background: #fff4c2; } .tint5 { background: #dcf1f5; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .8rem; color: var(--muted); }
        .swatch { display: inline-block; width: 1rem; height: 1rem; border-radius: .2rem; margin-right: .3rem; vertical-align: middle; }
        svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
        svg .grid { stroke: var(--line); }
        svg.matrix, svg.timeline, svg.phase-chart { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: .6rem; }
        .chip rect { fill: #eef0f5; stroke: none; }
        .chip.strength rect, .key.strength { fill: #cfe8d6; background: #cfe8d6; }
        .chip.weakness rect, .key.weakness { fill: #fde2c8; background: #fde2c8; }
        .chip.offer rect, .key.offer { fill: #d6e2fb; background: #d6e2fb; }
        .chip.need rect, .key.need { fill: #f6d3d3; background: #f6d3d3; }
        .chip rect.ring { fill: none; stroke-width: 2.5; }
        .chip rect.ring.gap { stroke: var(--alarm); }
        .chip rect.ring.covered { stroke: var(--calm); stroke-dasharray: 3 2; }
        .key { display: inline-block; min-width: 1.4rem; text-align: center; border-radius: .2rem; }
        .key.gap { color: var(--alarm); font-weight: 700; } .key.covered { color: var(--calm); font-weight: 700; }
        .stage rect { fill: #fff; stroke: var(--muted); stroke-width: 1.5; }
        .stage.active rect { stroke: var(--accent); stroke-width: 3; }
        .stage.done rect { fill: #eef0f5; }
        .axis { stroke: var(--muted); stroke-width: 2; }
        .stage .title { font-weight: 700; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; }
        dt { font-weight: 600; }
        table { border-collapse: collapse; margin: .5rem 0; background: #fff; }
        th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .badge { font-size: .8rem; font-weight: 400; padding: .05rem .4rem; border-radius: .8rem; background: #eef0f5; color: var(--muted); }
        .badge.alarm { background: #fbeaea; color: var(--alarm); }
        .phase.euphoria, .dot.euphoria { fill: var(--euphoria); background: var(--euphoria); }
        .phase.crisis, .dot.crisis { fill: var(--crisis); background: var(--crisis); }
        .phase.performance, .dot.performance { fill: var(--performance); background: var(--performance); }
        rect.phase { opacity: .55; } rect.phase.current { opacity: 1; stroke: var(--alarm); stroke-width: 3; }
        .dot { stroke: #fff; stroke-width: 2; }
        .key.phase { width: 1rem; height: 1rem; vertical-align: middle; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .8rem; }
        .column h3 { border-bottom: 3px solid var(--line); }
        .column.accepted h3 { border-color: var(--accent); } .column.done h3 { border-color: var(--calm); }
        .column.broken h3 { border-color: var(--alarm); }
        .count { color: var(--muted); font-weight: 400; }
        .due.overdue { color: var(--alarm); } .due.soon { color: var(--soon); }
        .maps { display: flex; flex-wrap: wrap; gap: 1rem; }
        .heatmap { margin: 0; text-align: center; }
        .heat { stroke: #fff; stroke-width: 2; }
        .heat.low { fill: #cfe8d6; } .heat.medium { fill: #fde2a8; } .heat.high { fill: #f3b3b0; }
        .marker circle { fill: var(--ink); } .marker text { fill: #fff; font-weight: 700; font-size: 11px; }
        tr.high td { background: #fdf1f0; }
        .valuations td.value svg { display: block; } .bar { fill: var(--accent); }
        .valuations td.mine { font-weight: 700; }
        tr.flagged td { background: #fff6e5; }
        .forms { display: flex; flex-wrap: wrap; gap: 1rem; }
        .forms .card { flex: 1 1 18rem; }
        ol.lines { padding-left: 1.2rem; } ol.lines li { margin: .25rem 0; }
        time { color: var(--muted); font-variant-numeric: tabular-nums; }
        .change { color: var(--muted); font-family: ui-monospace, monospace; }
        a.history { font-size: .85rem; color: var(--muted); }
        table.health th { font-weight: 600; } .level { padding: .05rem .5rem; border-radius: .8rem; white-space: nowrap; }
        .level.solid { background: #e8f3ec; color: var(--calm); } .level.started { background: #fff4e0; color: var(--soon); }
        .level.missing { background: #fbeaea; color: var(--alarm); } .verdict { font-size: 1.1rem; max-width: 50rem; }
        ul.stances { list-style: none; padding: 0; } .stance { padding: .15rem 0; }
        .stance.object strong, .stance.block strong { color: var(--alarm); } .stance.agree strong { color: var(--calm); }
        .decision form { margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .3rem; } .decision form input { flex: 1 1 12rem; }
        @media (max-width: 40rem) {
          main { padding: .5rem; overflow-wrap: anywhere; }
          header.top { padding: .4rem .6rem; gap: .2rem .8rem; font-size: .9rem; }
          .collective { font-size: 1rem; }
          nav { flex-wrap: nowrap; overflow-x: auto; padding: .3rem .5rem; scrollbar-width: thin; }
          nav a { white-space: nowrap; padding: .2rem .5rem; }
          h2 { font-size: 1.2rem; }
          table, thead, tbody, tr, th, td { display: block; width: 100%; }
          thead tr, tr:has(> th) { display: none; }
          tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
          th, td { border: none; padding: .1rem .3rem; }
          dl { grid-template-columns: 1fr; }
          .card { max-width: 100%; }
        }
        """

    /// Enhances the page when scripts run (everything works without): listens to the live
    /// stream and swaps in the new page when a change arrives, without a reload.
    static let script = """
        "use strict";
        (function () {
          if (!window.EventSource || !window.fetch) { return; }
          var live = document.getElementById("live");
          var source = new EventSource("/events");
          source.addEventListener("open", function () { if (live) { live.hidden = false; } });
          source.addEventListener("error", function () { if (live) { live.hidden = true; } });
          source.addEventListener("change", function (event) {
            if (String(event.data) === document.body.getAttribute("data-changes")) { return; }
            var busy = document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) && document.activeElement.value;
            if (busy) { return; }
            fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
              .then(function (response) { return response.ok ? response.text() : null; })
              .then(function (html) {
                if (!html) { return; }
                var next = new DOMParser().parseFromString(html, "text/html");
                var main = next.getElementById("main");
                if (!main) { return; }
                document.getElementById("main").replaceWith(main);
                document.body.setAttribute("data-changes", next.body.getAttribute("data-changes") || "");
                document.body.setAttribute("data-updated", String(Date.now()));
              });
          });
        })();
        """
}

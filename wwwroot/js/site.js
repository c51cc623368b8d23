// CompetitionSite: small progressive enhancements. No inline script anywhere (the CSP forbids it).
(function () {
    "use strict";

    // <time datetime="ISO" data-local> gets the visitor's local time next to the zone shown by the server.
    function showLocalTimes() {
        var lang = document.documentElement.lang || "id";
        document.querySelectorAll("time[data-local]").forEach(function (el) {
            var when = new Date(el.getAttribute("datetime"));
            if (isNaN(when.getTime())) { return; }
            var target = el.parentElement && el.parentElement.querySelector("[data-local-target]");
            var text = when.toLocaleString(lang === "en" ? "en-GB" : "id-ID", {
                day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
            });
            if (target) { target.textContent = text; }
        });
    }

    // <span data-countdown="ISO" data-days="hari" ...> counts down to a deadline.
    function countdowns() {
        var els = document.querySelectorAll("[data-countdown]");
        if (!els.length) { return; }
        function tick() {
            var now = Date.now();
            els.forEach(function (el) {
                var end = new Date(el.getAttribute("data-countdown")).getTime();
                var left = Math.max(0, end - now);
                var d = Math.floor(left / 86400000);
                var h = Math.floor(left % 86400000 / 3600000);
                var m = Math.floor(left % 3600000 / 60000);
                el.textContent = left === 0 ? (el.getAttribute("data-ended") || "")
                    : d + " " + (el.getAttribute("data-days") || "d") + " " + h + " " + (el.getAttribute("data-hours") || "h") + " " + m + " " + (el.getAttribute("data-minutes") || "m");
            });
        }
        tick();
        setInterval(tick, 30000);
    }

    // <form data-confirm="question"> asks before submitting.
    function confirmForms() {
        document.querySelectorAll("form[data-confirm]").forEach(function (form) {
            form.addEventListener("submit", function (e) {
                if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
            });
        });
    }

    // Move focus to the error summary so screen readers announce it.
    function focusErrors() {
        var summary = document.getElementById("form-errors");
        if (summary) { summary.focus(); }
    }

    // A table wider than the screen scrolls inside its .table-wrap: make that region reachable with the keyboard
    // (arrow keys scroll it once focused) and name it after the table's caption or the section's heading.
    function scrollableTables() {
        function update() {
            document.querySelectorAll(".table-wrap").forEach(function (wrap) {
                if (wrap.scrollWidth > wrap.clientWidth + 1) {
                    if (!wrap.hasAttribute("tabindex")) {
                        var section = wrap.closest("section, main");
                        var title = wrap.querySelector("caption") || (section && section.querySelector("h1, h2, h3"));
                        wrap.setAttribute("tabindex", "0");
                        wrap.setAttribute("role", "region");
                        wrap.setAttribute("aria-label", title ? title.textContent.trim() : document.title);
                    }
                } else if (wrap.getAttribute("role") === "region") {
                    wrap.removeAttribute("tabindex");
                    wrap.removeAttribute("role");
                    wrap.removeAttribute("aria-label");
                }
            });
        }
        update();
        window.addEventListener("resize", update);
    }

    document.addEventListener("DOMContentLoaded", function () {
        scrollableTables();
        showLocalTimes();
        countdowns();
        confirmForms();
        focusErrors();
    });
})();

// Judging: the weighted total of the rubric form, live as the judge types. The form works without it.
(function () {
    "use strict";

    function liveTotal(form) {
        var output = form.querySelector("[data-total]");
        var inputs = form.querySelectorAll("input[data-points]");
        if (!output || !inputs.length) { return; }
        var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
        var format = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

        // Same rule as the server (ScoreRules.WeightedTotal): points / max × weight, over the total weight, on 0–100.
        function update() {
            var weights = 0, sum = 0;
            inputs.forEach(function (input) {
                var weight = parseInt(input.getAttribute("data-weight"), 10) || 0;
                var max = parseInt(input.getAttribute("data-max"), 10) || 0;
                if (weight <= 0 || max <= 0) { return; }
                weights += weight;
                var text = input.value.trim();
                var points = /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
                var valid = !isNaN(points) && points >= 0 && points <= max;
                input.classList.toggle("input-validation-error", text !== "" && !valid);
                if (valid) { sum += weight * points / max; }
            });
            output.textContent = format.format(weights > 0 ? Math.round(sum * 10000 / weights) / 100 : 0);
        }

        form.addEventListener("input", function (e) {
            if (e.target.matches("input[data-points]")) { update(); }
        });
        update();
    }

    // Warn before leaving the page with changes that are not saved yet.
    function unsavedWarning(form) {
        var dirty = false;
        form.addEventListener("input", function () { dirty = true; });
        form.addEventListener("submit", function () { dirty = false; });
        window.addEventListener("beforeunload", function (e) {
            if (dirty) {
                e.preventDefault();
                e.returnValue = form.getAttribute("data-unsaved") || "";
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("form[data-score-form]").forEach(function (form) {
            liveTotal(form);
            unsavedWarning(form);
        });
        var notice = document.getElementById("concurrency-notice");
        if (notice) { notice.focus(); }
    });
})();

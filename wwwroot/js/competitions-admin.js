// Organizer forms for competitions: small conveniences; every form works without them.
(function () {
    "use strict";

    function slugify(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
            .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
    }

    // The web address follows the title until the organizer types one of their own.
    function slugFromTitle() {
        var source = document.querySelector("[data-slug-source]");
        var target = document.querySelector("[data-slug-target]");
        if (!source || !target) { return; }
        var manual = target.value !== "" && target.value !== slugify(source.value);
        target.addEventListener("input", function () { manual = target.value !== ""; });
        source.addEventListener("input", function () {
            if (!manual) { target.value = slugify(source.value); }
        });
    }

    // Show the file types of the chosen kind of entry only, and the size fields only for file entries.
    function kindGroups() {
        var kind = document.querySelector("select[data-kind]");
        if (!kind) { return; }
        function update() {
            document.querySelectorAll("[data-kind-group]").forEach(function (group) {
                var mine = group.getAttribute("data-kind-group") === kind.value;
                group.hidden = !mine;
                group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
                    if (!mine) { box.checked = false; }
                });
            });
            var files = document.querySelector("[data-files]");
            if (files) { files.hidden = kind.value === "Link"; }
        }
        kind.addEventListener("change", update);
        update();
    }

    function toggles() {
        var team = document.querySelector("input[data-team]");
        var sizes = document.querySelector("[data-team-sizes]");
        if (team && sizes) {
            var showSizes = function () { sizes.hidden = !team.checked; };
            team.addEventListener("change", showSizes);
            showSizes();
        }

        var all = document.querySelector("input[data-open-to-all]");
        var levels = document.querySelector("[data-levels]");
        if (all && levels) {
            var boxes = levels.querySelectorAll("input[type=checkbox]");
            all.addEventListener("change", function () {
                if (all.checked) { boxes.forEach(function (b) { b.checked = false; }); }
            });
            boxes.forEach(function (b) {
                b.addEventListener("change", function () { if (b.checked) { all.checked = false; } });
            });
        }
    }

    // Weights as percentages of the total, as the organizer types.
    function weightPercentages() {
        var form = document.querySelector("form[data-rubric]");
        if (!form) { return; }
        var template = null;
        // A row with neither name nor description (and not saved before) is left out on saving: it counts for nothing.
        function weightOf(input) {
            var row = input.closest(".criterion");
            var blank = row && Array.prototype.every.call(row.querySelectorAll("input[id$='__Name'], textarea, input[type=hidden][id$='__Id']"),
                function (f) { return f.value.trim() === ""; });
            var w = parseInt(input.value, 10);
            return blank ? 0 : w;
        }
        function update() {
            var inputs = form.querySelectorAll("input[data-weight]");
            var total = 0;
            inputs.forEach(function (i) { var w = weightOf(i); if (w > 0) { total += w; } });
            inputs.forEach(function (i) {
                var label = i.parentElement.querySelector("[data-percent]");
                if (!label) { return; }
                if (template === null) { template = label.textContent.replace(/[\d.,]+%/, "{0}%"); }
                var w = weightOf(i);
                var pct = total > 0 && w > 0 ? Math.round(w * 1000 / total) / 10 : 0;
                label.textContent = template.replace("{0}", pct.toLocaleString(document.documentElement.lang || "id"));
            });
        }
        form.addEventListener("input", function (e) {
            if (e.target.matches("input[data-weight], input[id$='__Name'], textarea")) { update(); }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        slugFromTitle();
        kindGroups();
        toggles();
        weightPercentages();
    });
})();

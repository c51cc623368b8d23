// Resumable chunked uploads for the entry page. Each [data-upload] block holds a file input, a <progress> and a
// status line. The file goes in chunks (size chosen by the server) with fetch(); a failed chunk is retried with
// backoff; after a reload the same file (same name, size and last-modified time, remembered in localStorage)
// continues where it stopped. Every text shown comes from the block's data-msg-* attributes (localized by the page).
(function () {
    "use strict";

    var MAX_ATTEMPTS = 6;
    var MAX_OUTAGE_WAITS = 60;

    function UploadError(message, final) {
        this.message = message;
        this.final = final;
    }

    function format(text, values) {
        return (text || "").replace(/\{(\d+)\}/g, function (_, i) { return values[+i] === undefined ? "" : values[+i]; });
    }

    // "9,1 MB" in Indonesian, "9.1 MB" in English: the page's language decides the decimal sign.
    function sizeText(bytes) {
        var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
        function n(value, digits) { return value.toLocaleString(lang, { maximumFractionDigits: digits }); }
        if (bytes < 1024) { return bytes + " B"; }
        if (bytes < 1048576) { return n(bytes / 1024, 1) + " KB"; }
        if (bytes < 1073741824) { return n(bytes / 1048576, 1) + " MB"; }
        return n(bytes / 1073741824, 2) + " GB";
    }

    function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

    function waitUntilOnline() {
        if (navigator.onLine !== false) { return Promise.resolve(); }
        return new Promise(function (resolve) { window.addEventListener("online", function () { resolve(); }, { once: true }); });
    }

    function setup(block) {
        var input = block.querySelector("input[type=file]");
        var bar = block.querySelector("progress");
        var status = block.querySelector("[data-upload-status]");
        var url = block.getAttribute("data-url");
        var token = block.getAttribute("data-token");
        var slot = parseInt(block.getAttribute("data-slot"), 10);
        var maxBytes = parseInt(block.getAttribute("data-max-bytes"), 10);
        var accept = (block.getAttribute("data-accept") || "").split(",").filter(Boolean);
        var busy = false;

        function msg(name) { return block.getAttribute("data-msg-" + name) || ""; }

        function show(text, kind) {
            status.textContent = text;
            status.className = "upload-status" + (kind ? " upload-" + kind : "");
        }

        function progress(done, total) {
            var percent = total > 0 ? Math.floor(done * 100 / total) : 0;
            bar.value = percent;
            bar.setAttribute("aria-valuenow", String(percent));
            bar.textContent = percent + "%";
            return percent;
        }

        function storageKey(file) {
            return "cs-upload:" + url + ":" + slot + ":" + file.name + ":" + file.size + ":" + file.lastModified;
        }

        function remember(key, id) { try { localStorage.setItem(key, id); } catch (e) { /* private mode */ } }
        function recall(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
        function forget(key) { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }

        // fetch() with the antiforgery header; JSON answers parsed; a refusal becomes an UploadError with the server's message.
        function call(method, path, body, contentType) {
            var headers = { "RequestVerificationToken": token, "Accept": "application/json" };
            if (contentType) { headers["Content-Type"] = contentType; }
            return fetch(url + path, { method: method, headers: headers, body: body, credentials: "same-origin" })
                .then(function (response) {
                    if (response.status === 204) { return null; }
                    return response.text().then(function (text) {
                        var data = null;
                        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
                        if (response.ok) { return data; }
                        var retry = response.status >= 500 || response.status === 408 || response.status === 429
                            || (data && (data.code === "chunk-interrupted" || data.code === "chunk-size" || data.code === "completing"));
                        var error = new UploadError((data && data.message) || msg("failed"), !retry);
                        error.status = response.status;
                        error.code = data && data.code;
                        error.retryAfter = parseInt(response.headers.get("Retry-After"), 10) || 0;
                        throw error;
                    });
                }, function () {
                    throw new UploadError(msg("network"), false); // the connection dropped: try again
                });
        }

        // Retries a step a few times with growing pauses, waiting for the connection to come back. The status line
        // says what happened: the connection dropped (no answer), the site answered with an error, or the site's
        // file storage is unavailable (503 "storage-unavailable": the server's own message, waiting as long as
        // its Retry-After says, for up to MAX_OUTAGE_WAITS waits that do not count as failed attempts).
        function withRetry(step) {
            var attempt = 0;
            var outages = 0;
            function run() {
                attempt++;
                return step().catch(function (error) {
                    if (error.final) { throw error; }
                    if (error.code === "storage-unavailable" && outages < MAX_OUTAGE_WAITS) {
                        outages++;
                        attempt--;
                        show(error.message, "warning");
                        return sleep(1000 * Math.max(1, error.retryAfter || 10)).then(waitUntilOnline).then(run);
                    }
                    if (attempt >= MAX_ATTEMPTS) { throw error; }
                    show(format(msg(error.status ? "retrying-server" : "retrying"), [attempt, MAX_ATTEMPTS - 1]), "warning");
                    var pause = Math.min(16000, 1000 * Math.pow(2, attempt - 1));
                    return sleep(Math.max(pause, 1000 * (error.retryAfter || 0))).then(waitUntilOnline).then(run);
                });
            }
            return run();
        }

        function begin(file) {
            var key = storageKey(file);
            var known = recall(key);
            var resume = known
                ? call("GET", "/" + known, null).then(function (state) {
                    return state && state.status === "active" ? state : null;
                }, function () { return null; })
                : Promise.resolve(null);
            return resume.then(function (state) {
                if (state) {
                    show(format(msg("resuming"), [state.received.length, state.chunkCount]));
                    return state;
                }
                return withRetry(function () {
                    return call("POST", "", JSON.stringify({ fileName: file.name, size: file.size, slot: slot }), "application/json");
                }).then(function (started) {
                    remember(key, started.id);
                    return started;
                });
            }).then(function (state) {
                return send(file, key, state);
            });
        }

        function send(file, key, state) {
            var received = {};
            state.received.forEach(function (i) { received[i] = true; });
            var done = state.received.length;
            progress(done, state.chunkCount);
            var index = 0;

            function next() {
                while (index < state.chunkCount && received[index]) { index++; }
                if (index >= state.chunkCount) { return Promise.resolve(); }
                var i = index;
                var start = i * state.chunkSize;
                var chunk = file.slice(start, Math.min(file.size, start + state.chunkSize));
                return withRetry(function () {
                    return call("PUT", "/" + state.id + "/chunks/" + i, chunk, "application/octet-stream");
                }).then(function () {
                    received[i] = true;
                    done++;
                    var percent = progress(done, state.chunkCount);
                    show(format(msg("uploading"), [percent, sizeText(Math.min(file.size, done * state.chunkSize)), sizeText(file.size)]));
                    return next();
                });
            }

            return next().then(function () {
                show(msg("checking"));
                return withRetry(function () { return call("POST", "/" + state.id + "/complete", null); });
            }).then(function (stored) {
                forget(key);
                progress(1, 1);
                show(format(msg("done"), [stored.fileName, sizeText(stored.size), stored.receiptCode]), "success");
                var reload = block.querySelector("[data-upload-reload]");
                if (reload) { reload.hidden = false; }
            }, function (error) {
                if (error.final) { forget(key); }
                throw error;
            });
        }

        input.addEventListener("change", function () {
            var file = input.files && input.files[0];
            if (!file || busy) { return; }
            var dot = file.name.lastIndexOf(".");
            var ext = dot >= 0 ? file.name.substring(dot).toLowerCase() : "";
            if (accept.length && accept.indexOf(ext) < 0) { show(format(msg("type"), [accept.join(", ")]), "error"); return; }
            if (file.size === 0) { show(msg("empty"), "error"); return; }
            if (maxBytes && file.size > maxBytes) { show(format(msg("too-large"), [sizeText(file.size), sizeText(maxBytes)]), "error"); return; }

            busy = true;
            input.disabled = true;
            bar.hidden = false;
            progress(0, 1);
            show(msg("starting"));
            begin(file).catch(function (error) {
                show(error.message || msg("failed"), "error");
            }).then(function () {
                busy = false;
                input.disabled = false;
            });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-upload]").forEach(setup);
    });
})();
